/**
 * The table metadata model (spec "Table Metadata"): reads format v1 and v2 JSON, writes v2
 * (and v1 tables as v1 until upgraded), with 64-bit ids kept exact.
 */
import { ValidationError } from '../errors.js';
import { parseJson, stringifyJson, toBigInt, toNumber } from '../json/bigintJson.js';
import { PARTITION_DATA_ID_START, PartitionSpec, partitionFieldsFromJson } from './partitionSpec.js';
import { Schema } from './schema.js';
import {
  MAIN_BRANCH,
  type MetadataLogEntry,
  refFromJson,
  refToJson,
  type Snapshot,
  type SnapshotLogEntry,
  type SnapshotRef,
  snapshotFromJson,
  snapshotToJson,
} from './snapshot.js';
import { SortOrder } from './sortOrder.js';

export interface TableMetadata {
  readonly formatVersion: 1 | 2 | 3;
  readonly tableUuid: string;
  readonly location: string;
  readonly lastSequenceNumber: number;
  readonly lastUpdatedMs: number;
  readonly lastColumnId: number;
  readonly schemas: readonly Schema[];
  readonly currentSchemaId: number;
  readonly partitionSpecs: readonly PartitionSpec[];
  readonly defaultSpecId: number;
  readonly lastPartitionId: number;
  readonly sortOrders: readonly SortOrder[];
  readonly defaultSortOrderId: number;
  readonly properties: Readonly<Record<string, string>>;
  readonly currentSnapshotId?: bigint;
  readonly snapshots: readonly Snapshot[];
  readonly snapshotLog: readonly SnapshotLogEntry[];
  readonly metadataLog: readonly MetadataLogEntry[];
  readonly refs: Readonly<Record<string, SnapshotRef>>;
  /** Statistics files, kept as read so a rewrite does not drop them. */
  readonly statistics: readonly unknown[];
  readonly partitionStatistics: readonly unknown[];
}

type Json = Record<string, unknown>;

function arrayOf(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out[k] = String(v);
  return out;
}

export function tableMetadataFromJson(value: unknown): TableMetadata {
  const obj = value as Json;
  const missing = ['format-version', 'location', 'last-updated-ms', 'last-column-id'].filter(
    (key) => obj?.[key] == null,
  );
  if (obj?.schemas === undefined && obj?.schema === undefined) missing.push('schemas');
  if (missing.length > 0) throw new ValidationError(`table metadata lacks ${missing.join(', ')}`);
  const formatVersion = toNumber(obj['format-version'], 'format-version');
  if (formatVersion !== 1 && formatVersion !== 2 && formatVersion !== 3)
    throw new ValidationError(`unsupported format-version ${formatVersion}`);

  const schemas = obj.schemas !== undefined ? arrayOf(obj.schemas).map(Schema.fromJson) : [Schema.fromJson(obj.schema)];
  const currentSchemaId =
    obj['current-schema-id'] != null
      ? toNumber(obj['current-schema-id'], 'current-schema-id')
      : (schemas[0]?.schemaId ?? 0);

  const partitionSpecs =
    obj['partition-specs'] !== undefined
      ? arrayOf(obj['partition-specs']).map(PartitionSpec.fromJson)
      : [new PartitionSpec(0, partitionFieldsFromJson(obj['partition-spec'] ?? []))];
  const defaultSpecId = obj['default-spec-id'] != null ? toNumber(obj['default-spec-id'], 'default-spec-id') : 0;
  const lastPartitionId =
    obj['last-partition-id'] != null
      ? toNumber(obj['last-partition-id'], 'last-partition-id')
      : partitionSpecs.reduce((m, s) => Math.max(m, s.lastAssignedFieldId()), PARTITION_DATA_ID_START - 1);

  const sortOrders =
    obj['sort-orders'] !== undefined ? arrayOf(obj['sort-orders']).map(SortOrder.fromJson) : [SortOrder.unsorted()];
  const snapshots = arrayOf(obj.snapshots).map(snapshotFromJson);
  const rawCurrent = obj['current-snapshot-id'];
  const current = rawCurrent == null ? undefined : toBigInt(rawCurrent, 'current-snapshot-id');
  const currentSnapshotId = current === undefined || current === -1n ? undefined : current;

  const refs: Record<string, SnapshotRef> = {};
  for (const [name, ref] of Object.entries((obj.refs ?? {}) as Record<string, Json>)) refs[name] = refFromJson(ref);
  if (currentSnapshotId !== undefined && refs[MAIN_BRANCH] === undefined)
    refs[MAIN_BRANCH] = { snapshotId: currentSnapshotId, type: 'branch' };

  return {
    formatVersion,
    tableUuid: String(obj['table-uuid'] ?? ''),
    location: String(obj.location),
    lastSequenceNumber:
      obj['last-sequence-number'] != null ? toNumber(obj['last-sequence-number'], 'last-sequence-number') : 0,
    lastUpdatedMs: toNumber(obj['last-updated-ms'], 'last-updated-ms'),
    lastColumnId: toNumber(obj['last-column-id'], 'last-column-id'),
    schemas,
    currentSchemaId,
    partitionSpecs,
    defaultSpecId,
    lastPartitionId,
    sortOrders,
    defaultSortOrderId:
      obj['default-sort-order-id'] != null ? toNumber(obj['default-sort-order-id'], 'default-sort-order-id') : 0,
    properties: stringMap(obj.properties),
    ...(currentSnapshotId !== undefined ? { currentSnapshotId } : {}),
    snapshots,
    snapshotLog: arrayOf(obj['snapshot-log']).map((e) => ({
      timestampMs: toNumber(e['timestamp-ms'], 'timestamp-ms'),
      snapshotId: toBigInt(e['snapshot-id'], 'snapshot-id'),
    })),
    metadataLog: arrayOf(obj['metadata-log']).map((e) => ({
      timestampMs: toNumber(e['timestamp-ms'], 'timestamp-ms'),
      metadataFile: String(e['metadata-file']),
    })),
    refs,
    statistics: Array.isArray(obj.statistics) ? obj.statistics : [],
    partitionStatistics: Array.isArray(obj['partition-statistics']) ? obj['partition-statistics'] : [],
  };
}

export function tableMetadataToJson(md: TableMetadata): Json {
  const refs: Json = {};
  for (const [name, ref] of Object.entries(md.refs)) refs[name] = refToJson(ref);
  const v1Compat: Json =
    md.formatVersion === 1
      ? {
          schema: currentSchema(md).toJSON(),
          'partition-spec': (defaultSpec(md).toJSON() as { fields: unknown }).fields,
        }
      : {};
  return {
    'format-version': md.formatVersion,
    'table-uuid': md.tableUuid,
    location: md.location,
    'last-sequence-number': md.lastSequenceNumber,
    'last-updated-ms': md.lastUpdatedMs,
    'last-column-id': md.lastColumnId,
    'current-schema-id': md.currentSchemaId,
    schemas: md.schemas.map((s) => s.toJSON()),
    ...v1Compat,
    'default-spec-id': md.defaultSpecId,
    'partition-specs': md.partitionSpecs.map((s) => s.toJSON()),
    'last-partition-id': md.lastPartitionId,
    'default-sort-order-id': md.defaultSortOrderId,
    'sort-orders': md.sortOrders.map((s) => s.toJSON()),
    properties: { ...md.properties },
    'current-snapshot-id': md.currentSnapshotId ?? -1,
    refs,
    snapshots: md.snapshots.map(snapshotToJson),
    statistics: [...md.statistics],
    'partition-statistics': [...md.partitionStatistics],
    'snapshot-log': md.snapshotLog.map((e) => ({ 'timestamp-ms': e.timestampMs, 'snapshot-id': e.snapshotId })),
    'metadata-log': md.metadataLog.map((e) => ({ 'timestamp-ms': e.timestampMs, 'metadata-file': e.metadataFile })),
  };
}

export function parseTableMetadata(text: string): TableMetadata {
  return tableMetadataFromJson(parseJson(text));
}

export function serializeTableMetadata(md: TableMetadata): string {
  return stringifyJson(tableMetadataToJson(md), 2);
}

export function schemaById(md: TableMetadata, schemaId: number): Schema {
  const schema = md.schemas.find((s) => s.schemaId === schemaId);
  if (!schema) throw new ValidationError(`table ${md.location} has no schema ${schemaId}`);
  return schema;
}

export function currentSchema(md: TableMetadata): Schema {
  return schemaById(md, md.currentSchemaId);
}

export function specById(md: TableMetadata, specId: number): PartitionSpec {
  const spec = md.partitionSpecs.find((s) => s.specId === specId);
  if (!spec) throw new ValidationError(`table ${md.location} has no partition spec ${specId}`);
  return spec;
}

export function defaultSpec(md: TableMetadata): PartitionSpec {
  return specById(md, md.defaultSpecId);
}

export function defaultSortOrder(md: TableMetadata): SortOrder {
  return md.sortOrders.find((o) => o.orderId === md.defaultSortOrderId) ?? SortOrder.unsorted();
}

export function findSnapshot(md: TableMetadata, snapshotId: bigint): Snapshot | undefined {
  return md.snapshots.find((s) => s.snapshotId === snapshotId);
}

export function snapshotForRef(md: TableMetadata, ref: string): Snapshot | undefined {
  const target = md.refs[ref];
  return target ? findSnapshot(md, target.snapshotId) : undefined;
}

export function currentSnapshot(md: TableMetadata): Snapshot | undefined {
  return md.currentSnapshotId === undefined ? undefined : findSnapshot(md, md.currentSnapshotId);
}

/** The snapshot that was current at `timestampMs` (from the snapshot log), as Java resolves time travel. */
export function snapshotAsOf(md: TableMetadata, timestampMs: number): Snapshot | undefined {
  let found: bigint | undefined;
  for (const entry of md.snapshotLog) if (entry.timestampMs <= timestampMs) found = entry.snapshotId;
  return found === undefined ? undefined : findSnapshot(md, found);
}

/** Snapshot ids from `snapshotId` back through its parents (newest first). */
export function ancestorsOf(md: TableMetadata, snapshotId: bigint | undefined): Snapshot[] {
  const out: Snapshot[] = [];
  let next = snapshotId;
  while (next !== undefined) {
    const snapshot = findSnapshot(md, next);
    if (!snapshot) break;
    out.push(snapshot);
    next = snapshot.parentSnapshotId;
  }
  return out;
}
