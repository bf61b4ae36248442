/** Manifest lists (one per snapshot): written v2, read v1 and v2. */
import type { FileIO } from '../io/FileIO.js';
import { decodeContainer, encodeContainer } from './container.js';
import type { ManifestContent, ManifestFile, PartitionFieldSummary } from './model.js';
import { requiredField } from './requiredField.js';
import { MANIFEST_FILE_SCHEMA } from './schemas.js';

type Rec = Record<string, unknown>;

export interface ManifestListHeader {
  readonly snapshotId: bigint;
  readonly parentSnapshotId?: bigint;
  readonly sequenceNumber: number;
}

function summaryRecord(s: PartitionFieldSummary): Rec {
  return {
    contains_null: s.containsNull,
    contains_nan: s.containsNan ?? null,
    lower_bound: s.lowerBound ? Buffer.from(s.lowerBound) : null,
    upper_bound: s.upperBound ? Buffer.from(s.upperBound) : null,
  };
}

export async function writeManifestList(
  io: FileIO,
  location: string,
  header: ManifestListHeader,
  manifests: readonly ManifestFile[],
): Promise<void> {
  const records = manifests.map((m) => ({
    manifest_path: m.manifestPath,
    manifest_length: BigInt(m.manifestLength),
    partition_spec_id: m.partitionSpecId,
    content: m.content,
    sequence_number: BigInt(m.sequenceNumber),
    min_sequence_number: BigInt(m.minSequenceNumber),
    added_snapshot_id: m.addedSnapshotId,
    added_files_count: m.addedFilesCount,
    existing_files_count: m.existingFilesCount,
    deleted_files_count: m.deletedFilesCount,
    added_rows_count: BigInt(m.addedRowsCount),
    existing_rows_count: BigInt(m.existingRowsCount),
    deleted_rows_count: BigInt(m.deletedRowsCount),
    partitions: m.partitions ? m.partitions.map(summaryRecord) : null,
    key_metadata: m.keyMetadata ? Buffer.from(m.keyMetadata) : null,
  }));
  const bytes = encodeContainer(MANIFEST_FILE_SCHEMA, records, {
    'snapshot-id': header.snapshotId.toString(),
    'parent-snapshot-id': header.parentSnapshotId === undefined ? 'null' : header.parentSnapshotId.toString(),
    'sequence-number': String(header.sequenceNumber),
    'format-version': '2',
  });
  await io.write(location, bytes);
}

const num = (v: unknown, fallback = 0) => (v == null ? fallback : Number(v));

export async function readManifestList(io: FileIO, location: string): Promise<ManifestFile[]> {
  const file = decodeContainer<Rec>(await io.read(location), location);
  return file.records.map((r, index) => {
    const where = `manifest list ${location} entry ${index}`;
    const partitions = Array.isArray(r.partitions)
      ? (r.partitions as Rec[]).map(
          (p): PartitionFieldSummary => ({
            containsNull: Boolean(p.contains_null),
            ...(p.contains_nan != null ? { containsNan: Boolean(p.contains_nan) } : {}),
            ...(p.lower_bound != null ? { lowerBound: new Uint8Array(p.lower_bound as Uint8Array) } : {}),
            ...(p.upper_bound != null ? { upperBound: new Uint8Array(p.upper_bound as Uint8Array) } : {}),
          }),
        )
      : undefined;
    return {
      manifestPath: String(requiredField(r, 'manifest_path', 500, where)),
      manifestLength: num(requiredField(r, 'manifest_length', 501, where)),
      partitionSpecId: num(requiredField(r, 'partition_spec_id', 502, where)),
      content: num(r.content) as ManifestContent,
      sequenceNumber: num(r.sequence_number),
      minSequenceNumber: num(r.min_sequence_number),
      addedSnapshotId: BigInt(requiredField(r, 'added_snapshot_id', 503, where) as bigint),
      // v1 names these added/existing/deleted_data_files_count (same field ids).
      addedFilesCount: num(r.added_files_count ?? r.added_data_files_count),
      existingFilesCount: num(r.existing_files_count ?? r.existing_data_files_count),
      deletedFilesCount: num(r.deleted_files_count ?? r.deleted_data_files_count),
      addedRowsCount: num(r.added_rows_count),
      existingRowsCount: num(r.existing_rows_count),
      deletedRowsCount: num(r.deleted_rows_count),
      ...(partitions ? { partitions } : {}),
      ...(r.key_metadata != null ? { keyMetadata: new Uint8Array(r.key_metadata as Uint8Array) } : {}),
    };
  });
}
