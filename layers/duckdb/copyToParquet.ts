/**
 * Writes a query's rows as Parquet with DuckDB's COPY, with Parquet field ids and per-file column
 * statistics (COPY ... RETURN_STATS). Knows nothing of Iceberg: callers pass the field-id tree.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteString } from './quote.js';

/** A column's field id, or for nested columns the id plus its children's trees. */
export type FieldIdTree = number | { readonly id: number; readonly children: Readonly<Record<string, FieldIdTree>> };

export interface ParquetColumnStats {
  readonly min?: string;
  readonly max?: string;
  readonly nullCount?: number;
  readonly numValues?: number;
  readonly hasNan?: boolean;
  readonly columnSizeBytes?: number;
}

export interface WrittenParquetFile {
  readonly path: string;
  readonly recordCount: number;
  readonly fileSizeInBytes: number;
  /** Keyed by the column path with parts unquoted and joined by '.', e.g. 'st.a', 'l.element'. */
  readonly columns: ReadonlyMap<string, ParquetColumnStats>;
  /** Hive partition column -> value text (null for NULL) when written with `partitionBy`. */
  readonly partitionKeys: ReadonlyMap<string, string | null>;
}

export interface CopyToParquetOptions {
  /** A SELECT producing exactly the columns to write. */
  readonly selectSql: string;
  /** Directory that receives the files (created by DuckDB). */
  readonly directory: string;
  readonly fieldIds: Readonly<Record<string, FieldIdTree>>;
  /** DuckDB starts a new file once this size is reached (checked per row group). */
  readonly targetFileSizeBytes?: number;
  readonly rowGroupSize?: number;
  readonly compression?: 'zstd' | 'snappy' | 'gzip' | 'uncompressed';
  /** Columns to split files by (one directory per value tuple); they are not written into the files. */
  readonly partitionBy?: readonly string[];
  /** Key/value metadata for the Parquet footer (e.g. `iceberg.schema`). */
  readonly keyValueMetadata?: Readonly<Record<string, string>>;
  /** File name prefix; DuckDB appends a uuid. */
  readonly filePrefix?: string;
}

function idNode(node: FieldIdTree): string {
  if (typeof node === 'number') return String(node);
  const children = Object.entries(node.children).map(([name, sub]) => `, ${quoteIdentifier(name)}: ${idNode(sub)}`);
  return `{__duckdb_field_id: ${node.id}${children.join('')}}`;
}

function fieldIdsLiteral(tree: Readonly<Record<string, FieldIdTree>>): string {
  return `{${Object.entries(tree)
    .map(([name, node]) => `${quoteIdentifier(name)}: ${idNode(node)}`)
    .join(', ')}}`;
}

/** Parses DuckDB's quoted column path ('"st"."a"') into 'st.a'. */
function columnPath(quoted: string): string {
  const parts: string[] = [];
  const pattern = /"((?:[^"]|"")*)"|([^.]+)/g;
  for (const match of quoted.matchAll(pattern))
    parts.push(match[1] !== undefined ? match[1].replaceAll('""', '"') : (match[2] as string));
  return parts.join('.');
}

function num(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

type KeyValue<V> = { key: string; value: V }[];

function parseStats(raw: unknown): Map<string, ParquetColumnStats> {
  const out = new Map<string, ParquetColumnStats>();
  for (const entry of (raw ?? []) as KeyValue<KeyValue<string>>) {
    const stats = new Map(entry.value.map((kv) => [kv.key, kv.value]));
    const hasNan = stats.get('has_nan');
    out.set(columnPath(entry.key), {
      ...(stats.has('min') ? { min: stats.get('min') as string } : {}),
      ...(stats.has('max') ? { max: stats.get('max') as string } : {}),
      ...(stats.has('null_count') ? { nullCount: num(stats.get('null_count')) as number } : {}),
      ...(stats.has('num_values') ? { numValues: num(stats.get('num_values')) as number } : {}),
      ...(hasNan !== undefined ? { hasNan: hasNan === 'true' } : {}),
      ...(stats.has('column_size_bytes') ? { columnSizeBytes: num(stats.get('column_size_bytes')) as number } : {}),
    });
  }
  return out;
}

export async function copyToParquet(
  connection: DuckDBConnection,
  options: CopyToParquetOptions,
): Promise<WrittenParquetFile[]> {
  const settings = [
    'FORMAT parquet',
    `FIELD_IDS ${fieldIdsLiteral(options.fieldIds)}`,
    'RETURN_STATS',
    `COMPRESSION ${options.compression ?? 'zstd'}`,
    `FILENAME_PATTERN ${quoteString(`${options.filePrefix ?? 'data'}-{uuid}`)}`,
    ...(options.targetFileSizeBytes !== undefined
      ? [`FILE_SIZE_BYTES ${Math.max(1, Math.floor(options.targetFileSizeBytes))}`]
      : []),
    ...(options.partitionBy && options.partitionBy.length > 0
      ? [`PARTITION_BY (${options.partitionBy.map(quoteIdentifier).join(', ')})`]
      : []),
    ...(options.keyValueMetadata && Object.keys(options.keyValueMetadata).length > 0
      ? [
          `KV_METADATA {${Object.entries(options.keyValueMetadata)
            .map(([key, value]) => `${quoteString(key)}: ${quoteString(value)}`)
            .join(', ')}}`,
        ]
      : []),
    ...(options.rowGroupSize !== undefined ? [`ROW_GROUP_SIZE ${options.rowGroupSize}`] : []),
    'OVERWRITE_OR_IGNORE',
  ];
  const sql = `COPY (${options.selectSql}) TO ${quoteString(options.directory)} (${settings.join(', ')})`;
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson().map((row) => ({
    path: String(row.filename),
    recordCount: Number(row.count),
    fileSizeInBytes: Number(row.file_size_bytes),
    columns: parseStats(row.column_statistics),
    partitionKeys: new Map(((row.partition_keys ?? []) as KeyValue<string | null>).map((kv) => [kv.key, kv.value])),
  }));
}
