/**
 * Trino's Iceberg metadata tables ("t$snapshots", "t$history", "t$files", "t$manifests",
 * "t$partitions", "t$refs") with Trino's column names, and the DuckDB-iceberg functions
 * iceberg_snapshots() and iceberg_metadata(), as constant relations built from the table's
 * metadata and manifests.
 */

import {
  ancestorsOf,
  currentSchema,
  currentSnapshot,
  decimalParams,
  EntryStatus,
  type FileIO,
  formatDecimal,
  fromBytes,
  type IcebergType,
  type ManifestEntry,
  type ManifestFile,
  type NestedField,
  type PartitionSpec,
  type PrimitiveType,
  readManifest,
  type Schema,
  type Snapshot,
  snapshotManifests,
  type TableMetadata,
  transformResultType,
} from '../../iceberg/index.js';
import { duckdbType } from '../scan/duckdbType.js';
import { literalFromInternal } from '../scan/literal.js';
import type { MetadataTableKind } from '../sql/trinoRewrite.js';
import {
  sqlBlob,
  sqlBool,
  sqlInt,
  sqlIntList,
  sqlIntMap,
  sqlStringMap,
  sqlText,
  sqlTextMap,
  sqlTimestampMs,
} from './sqlValues.js';
import { type ValuesColumn, valuesSql } from './valuesSql.js';

export interface MetadataSource {
  readonly metadata: TableMetadata;
  /** Reads manifest lists and manifests (mapped for moved tables). */
  readonly io: FileIO;
}

function snapshotsTable(md: TableMetadata): string {
  const columns: ValuesColumn[] = [
    { name: 'committed_at', type: 'TIMESTAMPTZ' },
    { name: 'snapshot_id', type: 'BIGINT' },
    { name: 'parent_id', type: 'BIGINT' },
    { name: 'operation', type: 'VARCHAR' },
    { name: 'manifest_list', type: 'VARCHAR' },
    { name: 'summary', type: 'MAP(VARCHAR, VARCHAR)' },
  ];
  const rows = md.snapshots.map((s) => {
    const { operation, ...rest } = s.summary;
    return [
      sqlTimestampMs(s.timestampMs),
      sqlInt(s.snapshotId),
      sqlInt(s.parentSnapshotId),
      sqlText(operation),
      sqlText(s.manifestList),
      sqlStringMap(rest),
    ];
  });
  return valuesSql(columns, rows);
}

function historyTable(md: TableMetadata): string {
  const columns: ValuesColumn[] = [
    { name: 'made_current_at', type: 'TIMESTAMPTZ' },
    { name: 'snapshot_id', type: 'BIGINT' },
    { name: 'parent_id', type: 'BIGINT' },
    { name: 'is_current_ancestor', type: 'BOOLEAN' },
  ];
  const ancestors = new Set(ancestorsOf(md, md.currentSnapshotId).map((s) => s.snapshotId));
  const parents = new Map(md.snapshots.map((s) => [s.snapshotId, s.parentSnapshotId]));
  const rows = md.snapshotLog.map((entry) => [
    sqlTimestampMs(entry.timestampMs),
    sqlInt(entry.snapshotId),
    sqlInt(parents.get(entry.snapshotId)),
    sqlBool(ancestors.has(entry.snapshotId)),
  ]);
  return valuesSql(columns, rows);
}

function refsTable(md: TableMetadata): string {
  const columns: ValuesColumn[] = [
    { name: 'name', type: 'VARCHAR' },
    { name: 'type', type: 'VARCHAR' },
    { name: 'snapshot_id', type: 'BIGINT' },
    { name: 'max_reference_age_in_ms', type: 'BIGINT' },
    { name: 'min_snapshots_to_keep', type: 'INTEGER' },
    { name: 'max_snapshot_age_in_ms', type: 'BIGINT' },
  ];
  const rows = Object.entries(md.refs).map(([name, ref]) => [
    sqlText(name),
    sqlText(ref.type.toUpperCase()),
    sqlInt(ref.snapshotId),
    sqlInt(ref.maxRefAgeMs),
    sqlInt(ref.minSnapshotsToKeep),
    sqlInt(ref.maxSnapshotAgeMs),
  ]);
  return valuesSql(columns, rows);
}

async function manifestsOf(source: MetadataSource, snapshot: Snapshot | undefined): Promise<ManifestFile[]> {
  // snapshotManifests also reads format-v1 snapshots that list their manifests inline.
  return snapshotManifests(source.io, snapshot, source.metadata);
}

function manifestsTable(md: TableMetadata, manifests: readonly ManifestFile[]): string {
  const schema = currentSchema(md);
  const columns: ValuesColumn[] = [
    { name: 'content', type: 'INTEGER' },
    { name: 'path', type: 'VARCHAR' },
    { name: 'length', type: 'BIGINT' },
    { name: 'partition_spec_id', type: 'INTEGER' },
    { name: 'added_snapshot_id', type: 'BIGINT' },
    { name: 'added_data_files_count', type: 'INTEGER' },
    { name: 'added_rows_count', type: 'BIGINT' },
    { name: 'existing_data_files_count', type: 'INTEGER' },
    { name: 'existing_rows_count', type: 'BIGINT' },
    { name: 'deleted_data_files_count', type: 'INTEGER' },
    { name: 'deleted_rows_count', type: 'BIGINT' },
    {
      name: 'partition_summaries',
      type: 'STRUCT(contains_null BOOLEAN, contains_nan BOOLEAN, lower_bound VARCHAR, upper_bound VARCHAR)[]',
    },
  ];
  const rows = manifests.map((m) => [
    sqlInt(m.content),
    sqlText(m.manifestPath),
    sqlInt(m.manifestLength),
    sqlInt(m.partitionSpecId),
    sqlInt(m.addedSnapshotId),
    sqlInt(m.addedFilesCount),
    sqlInt(m.addedRowsCount),
    sqlInt(m.existingFilesCount),
    sqlInt(m.existingRowsCount),
    sqlInt(m.deletedFilesCount),
    sqlInt(m.deletedRowsCount),
    partitionSummaries(md, schema, m),
  ]);
  return valuesSql(columns, rows);
}

/** Partition summaries with bounds as readable text in the partition field's type (Trino's form). */
function partitionSummaries(md: TableMetadata, schema: Schema, manifest: ManifestFile): string {
  const spec = md.partitionSpecs.find((s) => s.specId === manifest.partitionSpecId);
  const types = spec?.partitionType(schema).fields ?? [];
  const bound = (index: number, bytes: Uint8Array | undefined): string => {
    if (bytes === undefined) return 'NULL';
    const type = types[index]?.type;
    try {
      return sqlText(type === undefined ? Buffer.from(bytes).toString('hex') : boundText(type, bytes));
    } catch {
      return sqlText(Buffer.from(bytes).toString('hex'));
    }
  };
  const items = (manifest.partitions ?? []).map(
    (p, i) =>
      `{'contains_null': ${sqlBool(p.containsNull)}, 'contains_nan': ${sqlBool(p.containsNan)}, ` +
      `'lower_bound': ${bound(i, p.lowerBound)}, 'upper_bound': ${bound(i, p.upperBound)}}`,
  );
  return `[${items.join(', ')}]`;
}

interface LiveEntry {
  readonly manifest: ManifestFile;
  readonly entry: ManifestEntry;
}

async function liveEntries(
  source: MetadataSource,
  manifests: readonly ManifestFile[],
  includeDeleted = false,
): Promise<LiveEntry[]> {
  const md = source.metadata;
  const schema = currentSchema(md);
  const lists = await Promise.all(
    manifests.map(async (manifest) => {
      const spec = md.partitionSpecs.find((s) => s.specId === manifest.partitionSpecId);
      const partitionType = spec?.partitionType(schema) ?? { type: 'struct' as const, fields: [] };
      const { entries } = await readManifest(source.io, manifest, partitionType);
      return entries
        .filter((entry) => includeDeleted || entry.status !== EntryStatus.Deleted)
        .map((entry) => ({ manifest, entry }));
    }),
  );
  return lists.flat();
}

/** The union of every spec's partition fields (by partition field id), as Trino presents them. */
function partitionFields(md: TableMetadata, schema: Schema): NestedField[] {
  const fields = new Map<number, NestedField>();
  for (const spec of md.partitionSpecs) {
    for (const field of spec.fields) {
      if (field.transform.kind === 'void' || fields.has(field.fieldId)) continue;
      const source =
        schema.findField(field.sourceId) ?? md.schemas.map((s) => s.findField(field.sourceId)).find(Boolean);
      const type = transformResultType(field.transform, source?.type ?? 'int');
      fields.set(field.fieldId, { id: field.fieldId, name: field.name, required: false, type });
    }
  }
  return [...fields.values()];
}

function partitionStructType(fields: readonly NestedField[]): string {
  return duckdbType({ type: 'struct', fields });
}

function partitionLiteral(
  fields: readonly NestedField[],
  spec: PartitionSpec | undefined,
  values: readonly unknown[],
): string {
  const items = fields.map((field) => {
    const index = spec?.fields.findIndex((f) => f.fieldId === field.id) ?? -1;
    const value = index === -1 ? null : (values[index] ?? null);
    return `${sqlText(field.name)}: ${literalFromInternal(field.type, value)}`;
  });
  return `CAST({${items.join(', ')}} AS ${partitionStructType(fields)})`;
}

/** A bound in the spec's binary form, rendered as readable text (Trino's lower_bounds / upper_bounds). */
export function boundText(type: IcebergType, bytes: Uint8Array): string {
  if (typeof type !== 'string') return Buffer.from(bytes).toString('hex');
  const value = fromBytes(type as PrimitiveType, bytes);
  const decimal = decimalParams(type);
  if (decimal !== undefined) return formatDecimal(value as bigint, decimal.scale);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (type === 'date') return new Date((value as number) * 86_400_000).toISOString().slice(0, 10);
  if (type === 'timestamp' || type === 'timestamptz') {
    const micros = value as bigint;
    const iso = new Date(Number(micros / 1000n)).toISOString();
    const fraction = String(((micros % 1_000_000n) + 1_000_000n) % 1_000_000n).padStart(6, '0');
    return `${iso.slice(0, 19)}.${fraction}${type === 'timestamptz' ? '+00:00' : ''}`;
  }
  return String(value);
}

function boundsMap(
  schema: Schema,
  bounds: ReadonlyMap<number, Uint8Array> | undefined,
): ReadonlyMap<number, string> | undefined {
  if (bounds === undefined) return undefined;
  const out = new Map<number, string>();
  for (const [id, bytes] of bounds) {
    const field = schema.findField(id);
    try {
      out.set(id, field === undefined ? Buffer.from(bytes).toString('hex') : boundText(field.type, bytes));
    } catch {
      out.set(id, Buffer.from(bytes).toString('hex'));
    }
  }
  return out;
}

function filesTable(md: TableMetadata, entries: readonly LiveEntry[]): string {
  const schema = currentSchema(md);
  const partition = partitionFields(md, schema);
  const columns: ValuesColumn[] = [
    { name: 'content', type: 'INTEGER' },
    { name: 'file_path', type: 'VARCHAR' },
    { name: 'file_format', type: 'VARCHAR' },
    { name: 'spec_id', type: 'INTEGER' },
    ...(partition.length > 0 ? [{ name: 'partition', type: partitionStructType(partition) }] : []),
    { name: 'record_count', type: 'BIGINT' },
    { name: 'file_size_in_bytes', type: 'BIGINT' },
    { name: 'column_sizes', type: 'MAP(INTEGER, BIGINT)' },
    { name: 'value_counts', type: 'MAP(INTEGER, BIGINT)' },
    { name: 'null_value_counts', type: 'MAP(INTEGER, BIGINT)' },
    { name: 'nan_value_counts', type: 'MAP(INTEGER, BIGINT)' },
    { name: 'lower_bounds', type: 'MAP(INTEGER, VARCHAR)' },
    { name: 'upper_bounds', type: 'MAP(INTEGER, VARCHAR)' },
    { name: 'key_metadata', type: 'BLOB' },
    { name: 'split_offsets', type: 'BIGINT[]' },
    { name: 'equality_ids', type: 'INTEGER[]' },
    { name: 'sort_order_id', type: 'INTEGER' },
  ];
  const rows = entries.map(({ entry }) => {
    const f = entry.dataFile;
    const spec = md.partitionSpecs.find((s) => s.specId === f.specId);
    return [
      sqlInt(f.content),
      sqlText(f.filePath),
      sqlText(f.fileFormat),
      sqlInt(f.specId),
      ...(partition.length > 0 ? [partitionLiteral(partition, spec, f.partition)] : []),
      sqlInt(f.recordCount),
      sqlInt(f.fileSizeInBytes),
      sqlIntMap(f.columnSizes),
      sqlIntMap(f.valueCounts),
      sqlIntMap(f.nullValueCounts),
      sqlIntMap(f.nanValueCounts),
      sqlTextMap(boundsMap(schema, f.lowerBounds)),
      sqlTextMap(boundsMap(schema, f.upperBounds)),
      sqlBlob(f.keyMetadata),
      sqlIntList(f.splitOffsets, 'BIGINT'),
      sqlIntList(f.equalityIds, 'INTEGER'),
      sqlInt(f.sortOrderId),
    ];
  });
  return valuesSql(columns, rows);
}

function partitionsTable(md: TableMetadata, entries: readonly LiveEntry[]): string {
  const schema = currentSchema(md);
  const partition = partitionFields(md, schema);
  const groups = new Map<string, { literal: string; records: bigint; files: bigint; size: bigint }>();
  for (const { entry } of entries) {
    const f = entry.dataFile;
    if (f.content !== 0) continue;
    const spec = md.partitionSpecs.find((s) => s.specId === f.specId);
    const literal = partition.length > 0 ? partitionLiteral(partition, spec, f.partition) : '';
    const group = groups.get(literal) ?? { literal, records: 0n, files: 0n, size: 0n };
    group.records += BigInt(f.recordCount);
    group.files += 1n;
    group.size += BigInt(f.fileSizeInBytes);
    groups.set(literal, group);
  }
  const columns: ValuesColumn[] = [
    ...(partition.length > 0 ? [{ name: 'partition', type: partitionStructType(partition) }] : []),
    { name: 'record_count', type: 'BIGINT' },
    { name: 'file_count', type: 'BIGINT' },
    { name: 'total_size', type: 'BIGINT' },
  ];
  const rows = [...groups.values()].map((g) => [
    ...(partition.length > 0 ? [g.literal] : []),
    sqlInt(g.records),
    sqlInt(g.files),
    sqlInt(g.size),
  ]);
  return valuesSql(columns, rows);
}

/** The SELECT for one of Trino's metadata tables, for the table's current snapshot. */
export async function metadataTableSql(source: MetadataSource, kind: MetadataTableKind): Promise<string> {
  const md = source.metadata;
  switch (kind) {
    case 'snapshots':
      return snapshotsTable(md);
    case 'history':
      return historyTable(md);
    case 'refs':
      return refsTable(md);
    case 'manifests':
      return manifestsTable(md, await manifestsOf(source, currentSnapshot(md)));
    case 'files':
      return filesTable(md, await liveEntries(source, await manifestsOf(source, currentSnapshot(md))));
    case 'partitions':
      return partitionsTable(md, await liveEntries(source, await manifestsOf(source, currentSnapshot(md))));
  }
}

/** DuckDB-iceberg's iceberg_snapshots(): sequence_number, snapshot_id, timestamp_ms, manifest_list. */
export function icebergSnapshotsSql(md: TableMetadata): string {
  const columns: ValuesColumn[] = [
    { name: 'sequence_number', type: 'UBIGINT' },
    { name: 'snapshot_id', type: 'UBIGINT' },
    { name: 'timestamp_ms', type: 'TIMESTAMP' },
    { name: 'manifest_list', type: 'VARCHAR' },
  ];
  const rows = md.snapshots.map((s) => [
    sqlInt(s.sequenceNumber),
    sqlInt(s.snapshotId),
    `make_timestamp(CAST(${BigInt(s.timestampMs) * 1000n} AS BIGINT))`,
    sqlText(s.manifestList),
  ]);
  return valuesSql(columns, rows);
}

const CONTENT_NAMES = ['DATA', 'POSITION_DELETES', 'EQUALITY_DELETES'];
const STATUS_NAMES = ['EXISTING', 'ADDED', 'DELETED'];

/** DuckDB-iceberg's iceberg_metadata(): one row per manifest entry of the snapshot. */
export async function icebergMetadataSql(source: MetadataSource, snapshot: Snapshot | undefined): Promise<string> {
  const entries = await liveEntries(source, await manifestsOf(source, snapshot), true);
  const columns: ValuesColumn[] = [
    { name: 'manifest_path', type: 'VARCHAR' },
    { name: 'manifest_sequence_number', type: 'BIGINT' },
    { name: 'manifest_content', type: 'VARCHAR' },
    { name: 'status', type: 'VARCHAR' },
    { name: 'content', type: 'VARCHAR' },
    { name: 'file_path', type: 'VARCHAR' },
    { name: 'file_format', type: 'VARCHAR' },
    { name: 'record_count', type: 'BIGINT' },
  ];
  const rows = entries.map(({ manifest, entry }) => [
    sqlText(manifest.manifestPath),
    sqlInt(manifest.sequenceNumber),
    sqlText(manifest.content === 0 ? 'DATA' : 'DELETE'),
    sqlText(STATUS_NAMES[entry.status]),
    sqlText(CONTENT_NAMES[entry.dataFile.content]),
    sqlText(entry.dataFile.filePath),
    sqlText(entry.dataFile.fileFormat),
    sqlInt(entry.dataFile.recordCount),
  ]);
  return valuesSql(columns, rows);
}
