/** Snapshots, refs (branches and tags), and the snapshot and metadata logs. */
import { toBigInt, toNumber } from '../json/bigintJson.js';

export type Operation = 'append' | 'replace' | 'overwrite' | 'delete';

export const MAIN_BRANCH = 'main';

export interface Snapshot {
  readonly snapshotId: bigint;
  readonly parentSnapshotId?: bigint;
  readonly sequenceNumber: number;
  readonly timestampMs: number;
  /** The manifest list's location; '' for a v1 snapshot that lists its manifests inline (`manifests`). */
  readonly manifestList: string;
  /** Format v1 only: manifest locations listed inline instead of a manifest list (read when manifestList is ''). */
  readonly manifests?: readonly string[];
  /** `operation` plus string properties (counts as Java writes them, and custom keys). */
  readonly summary: Readonly<Record<string, string>> & { readonly operation: Operation };
  readonly schemaId?: number;
}

export interface SnapshotRef {
  readonly snapshotId: bigint;
  readonly type: 'branch' | 'tag';
  readonly minSnapshotsToKeep?: number;
  readonly maxSnapshotAgeMs?: number;
  readonly maxRefAgeMs?: number;
}

export interface SnapshotLogEntry {
  readonly timestampMs: number;
  readonly snapshotId: bigint;
}

export interface MetadataLogEntry {
  readonly timestampMs: number;
  readonly metadataFile: string;
}

type Json = Record<string, unknown>;

export function snapshotFromJson(obj: Json): Snapshot {
  const summary = (obj.summary ?? { operation: 'append' }) as Record<string, unknown>;
  const stringSummary: Record<string, string> = {};
  for (const [key, value] of Object.entries(summary)) stringSummary[key] = String(value);
  return {
    snapshotId: toBigInt(obj['snapshot-id'], 'snapshot-id'),
    ...(obj['parent-snapshot-id'] != null
      ? { parentSnapshotId: toBigInt(obj['parent-snapshot-id'], 'parent-snapshot-id') }
      : {}),
    sequenceNumber: obj['sequence-number'] == null ? 0 : toNumber(obj['sequence-number'], 'sequence-number'),
    timestampMs: toNumber(obj['timestamp-ms'], 'timestamp-ms'),
    manifestList: String(obj['manifest-list'] ?? ''),
    ...(obj['manifest-list'] == null && Array.isArray(obj.manifests) ? { manifests: obj.manifests.map(String) } : {}),
    summary: { ...stringSummary, operation: (stringSummary.operation ?? 'append') as Operation },
    ...(obj['schema-id'] != null ? { schemaId: toNumber(obj['schema-id'], 'schema-id') } : {}),
  };
}

export function snapshotToJson(s: Snapshot): Json {
  return {
    'snapshot-id': s.snapshotId,
    ...(s.parentSnapshotId !== undefined ? { 'parent-snapshot-id': s.parentSnapshotId } : {}),
    'sequence-number': s.sequenceNumber,
    'timestamp-ms': s.timestampMs,
    ...(s.manifestList === '' && s.manifests !== undefined
      ? { manifests: [...s.manifests] }
      : { 'manifest-list': s.manifestList }),
    summary: { ...s.summary },
    ...(s.schemaId !== undefined ? { 'schema-id': s.schemaId } : {}),
  };
}

export function refFromJson(obj: Json): SnapshotRef {
  return {
    snapshotId: toBigInt(obj['snapshot-id'], 'snapshot-id'),
    type: obj.type === 'tag' ? 'tag' : 'branch',
    ...(obj['min-snapshots-to-keep'] != null
      ? { minSnapshotsToKeep: toNumber(obj['min-snapshots-to-keep'], 'min-snapshots-to-keep') }
      : {}),
    ...(obj['max-snapshot-age-ms'] != null
      ? { maxSnapshotAgeMs: toNumber(obj['max-snapshot-age-ms'], 'max-snapshot-age-ms') }
      : {}),
    ...(obj['max-ref-age-ms'] != null ? { maxRefAgeMs: toNumber(obj['max-ref-age-ms'], 'max-ref-age-ms') } : {}),
  };
}

export function refToJson(ref: SnapshotRef): Json {
  return {
    'snapshot-id': ref.snapshotId,
    type: ref.type,
    ...(ref.minSnapshotsToKeep !== undefined ? { 'min-snapshots-to-keep': ref.minSnapshotsToKeep } : {}),
    ...(ref.maxSnapshotAgeMs !== undefined ? { 'max-snapshot-age-ms': ref.maxSnapshotAgeMs } : {}),
    ...(ref.maxRefAgeMs !== undefined ? { 'max-ref-age-ms': ref.maxRefAgeMs } : {}),
  };
}

/** A new random positive 63-bit snapshot id. */
export function newSnapshotId(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  let id = 0n;
  for (const b of bytes) id = (id << 8n) | BigInt(b);
  return id & 0x7fffffffffffffffn || 1n;
}
