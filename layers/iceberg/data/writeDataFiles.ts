/**
 * Writes the rows of a DuckDB query as Iceberg data files: columns cast to the schema's types,
 * Parquet field ids equal to the Iceberg ids, one file per partition value (partition values
 * computed in DuckDB with this library's transforms), metrics from the Parquet statistics.
 * Files land in Java's partition directories (`data/ts_day=2024-01-31/...`). Local tables are
 * written in place (partitioned ones via a staging directory under data/); remote ones through a
 * temporary directory and FileIO.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { copyToParquet, quoteIdentifier, type WrittenParquetFile } from '../../duckdb/index.js';
import { type DataFile, FileContent, type PartitionValues } from '../avro/model.js';
import type { FileIO } from '../io/FileIO.js';
import { localLocationLike, localPathOf, schemeOf } from '../io/location.js';
import { stringifyJson } from '../json/bigintJson.js';
import { partitionToPath } from '../spec/partitionPath.js';
import type { PartitionSpec } from '../spec/partitionSpec.js';
import type { Schema } from '../spec/schema.js';
import type { SortOrder } from '../spec/sortOrder.js';
import { registerBucketFunctions } from './bucketFunctions.js';
import { castSelectList, fieldIdTree } from './duckdbTypes.js';
import { metricsFromParquetStats, parseMetricsMode } from './metrics.js';
import { partitionExpression, partitionValueFromText } from './partitionSql.js';

export const DEFAULT_TARGET_FILE_SIZE_BYTES = 512 * 1024 * 1024;

export interface WriteDataFilesOptions {
  readonly connection: DuckDBConnection;
  readonly io: FileIO;
  /** Table location; files go under `<location>/data/`. */
  readonly location: string;
  readonly schema: Schema;
  readonly spec: PartitionSpec;
  readonly properties: Readonly<Record<string, string>>;
  /** A query whose columns are named like the schema's top-level columns (missing optional ones become NULL). */
  readonly query: string;
  /** Rows are written in this order (identity sort fields); files record its id. */
  readonly sortOrder?: SortOrder;
}

const CODECS = new Set(['zstd', 'snappy', 'gzip', 'uncompressed']);

function compressionOf(properties: Readonly<Record<string, string>>): 'zstd' | 'snappy' | 'gzip' | 'uncompressed' {
  const codec = (properties['write.parquet.compression-codec'] ?? 'zstd').toLowerCase();
  return (CODECS.has(codec) ? codec : 'zstd') as 'zstd' | 'snappy' | 'gzip' | 'uncompressed';
}

/** ORDER BY for the sort order's identity fields (other transforms do not change the row order much). */
function orderBy(schema: Schema, order: SortOrder | undefined): string {
  const keys = (order?.fields ?? [])
    .filter((f) => f.transform.kind === 'identity' && schema.findField(f.sourceId))
    .map((f) => {
      const name = (schema.findColumnName(f.sourceId) as string).split('.').map(quoteIdentifier).join('.');
      return `${name} ${f.direction === 'desc' ? 'DESC' : 'ASC'} ${f.nullOrder === 'nulls-last' ? 'NULLS LAST' : 'NULLS FIRST'}`;
    });
  return keys.length > 0 ? ` ORDER BY ${keys.join(', ')}` : '';
}

async function queryColumns(connection: DuckDBConnection, query: string): Promise<Set<string>> {
  const reader = await connection.runAndReadAll(`SELECT * FROM (${query}) AS q LIMIT 0`);
  return new Set(reader.columnNames());
}

function partitionColumnName(schema: Schema, name: string): string {
  return schema.fields.some((f) => f.name === name) ? `${name}_part` : name;
}

function partitionOf(options: WriteDataFilesOptions, partitionKeys: ReadonlyMap<string, string | null>) {
  const { schema, spec } = options;
  return spec.fields.map((field) =>
    partitionValueFromText(schema, field, partitionKeys.get(partitionColumnName(schema, field.name)) ?? null),
  );
}

function dataFileFrom(
  options: WriteDataFilesOptions,
  file: WrittenParquetFile,
  location: string,
  partition: PartitionValues,
): DataFile {
  const { schema, spec } = options;
  const metrics = metricsFromParquetStats(
    schema,
    file.columns,
    parseMetricsMode(options.properties['write.metadata.metrics.default']),
  );
  return {
    content: FileContent.Data,
    filePath: location,
    fileFormat: 'PARQUET',
    specId: spec.specId,
    partition,
    recordCount: file.recordCount,
    fileSizeInBytes: file.fileSizeInBytes,
    ...metrics,
    ...(options.sortOrder && !options.sortOrder.isUnsorted() ? { sortOrderId: options.sortOrder.orderId } : {}),
  };
}

export async function writeDataFiles(options: WriteDataFilesOptions): Promise<DataFile[]> {
  const { connection, schema, spec } = options;
  const partitioned = spec.fields.length > 0;
  if (spec.fields.some((f) => f.transform.kind === 'bucket')) registerBucketFunctions(connection);

  const casts = castSelectList(schema, await queryColumns(connection, options.query));
  const partitionColumns = spec.fields.map(
    (f) => `${partitionExpression(schema, f)} AS ${quoteIdentifier(partitionColumnName(schema, f.name))}`,
  );
  const order = orderBy(schema, options.sortOrder);
  const selectSql = partitioned
    ? `SELECT *, ${partitionColumns.join(', ')} FROM (SELECT ${casts} FROM (${options.query}) AS src) AS typed${order}`
    : `SELECT ${casts} FROM (${options.query}) AS src${order}`;

  const local = schemeOf(options.location) === 'file';
  const dataLocation = `${options.location.replace(/\/+$/, '')}/data`;
  // DuckDB names partition directories after its own columns and values; partitioned files are
  // written to a staging directory and moved to Java's partition path (see partitionPath.ts).
  const stagingName = `.staging-${randomUUID()}`;
  const directory = local
    ? partitioned
      ? path.join(localPathOf(dataLocation), stagingName)
      : localPathOf(dataLocation)
    : path.join(tmpdir(), `iceberg-write-${randomUUID()}`);
  if (local && partitioned) await mkdir(directory, { recursive: true });
  const targetSize = Number(options.properties['write.target-file-size-bytes'] ?? DEFAULT_TARGET_FILE_SIZE_BYTES);

  const partitionType = spec.partitionType(schema);
  const files: DataFile[] = [];
  try {
    const written = await copyToParquet(connection, {
      selectSql,
      directory,
      fieldIds: fieldIdTree(schema),
      compression: compressionOf(options.properties),
      // Java and PyIceberg record the write schema here; some readers (icebird) map columns with it.
      keyValueMetadata: { 'iceberg.schema': stringifyJson(schema.toJSON()) },
      ...(partitioned
        ? { partitionBy: spec.fields.map((f) => partitionColumnName(schema, f.name)) }
        : { targetFileSizeBytes: targetSize }),
      filePrefix: `${Date.now()}-${randomUUID().slice(0, 8)}`,
    });
    for (const file of written) {
      if (file.recordCount === 0) {
        await rm(file.path, { force: true });
        continue;
      }
      const partition = partitionOf(options, file.partitionKeys);
      const relative = partitioned
        ? `${partitionToPath(spec, partitionType, partition)}/${path.basename(file.path)}`
        : path.relative(directory, file.path).split(path.sep).join('/');
      let location = `${dataLocation}/${relative}`;
      if (local) {
        const target = path.join(localPathOf(dataLocation), ...relative.split('/'));
        if (target !== file.path) {
          await mkdir(path.dirname(target), { recursive: true });
          await rename(file.path, target);
        }
        location = localLocationLike(options.location, target);
      } else await options.io.putFile(location, file.path);
      files.push(dataFileFrom(options, file, location, partition));
    }
  } finally {
    if (!local || partitioned) await rm(directory, { recursive: true, force: true });
  }
  return files;
}
