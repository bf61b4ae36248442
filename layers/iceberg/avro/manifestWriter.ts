/** Writes a manifest (v2) for one partition spec, with field ids and the spec's header keys. */

import { ValidationError } from '../errors.js';
import type { FileIO } from '../io/FileIO.js';
import { stringifyJson } from '../json/bigintJson.js';
import type { PartitionSpec } from '../spec/partitionSpec.js';
import type { Schema } from '../spec/schema.js';
import type { StructType } from '../spec/types.js';
import { encodeContainer } from './container.js';
import { type DataFile, EntryStatus, ManifestContent, type ManifestEntry, type ManifestFile } from './model.js';
import { summariseManifestEntries } from './partitionSummary.js';
import { partitionValueToAvro } from './partitionValues.js';
import { manifestEntrySchema } from './schemas.js';

/** A manifest sequence number not yet known: assigned when the snapshot commits (inheritance). */
export const UNASSIGNED_SEQUENCE_NUMBER = -1;

/** An entry to write; ADDED entries leave sequence numbers to inheritance. */
export interface ManifestEntryInput {
  readonly status: EntryStatus;
  readonly snapshotId: bigint;
  readonly sequenceNumber?: number;
  readonly fileSequenceNumber?: number;
  readonly dataFile: DataFile;
}

function intMap<V>(map: ReadonlyMap<number, V> | undefined, convert: (v: V) => unknown): unknown {
  if (!map) return null;
  return [...map.entries()].map(([key, value]) => ({ key, value: convert(value) }));
}

function dataFileRecord(file: DataFile, partitionType: StructType): Record<string, unknown> {
  const partition: Record<string, unknown> = {};
  partitionType.fields.forEach((field, i) => {
    partition[field.name] = partitionValueToAvro(field.type, file.partition[i] ?? null);
  });
  const long = (n: number) => BigInt(n);
  const bytes = (b: Uint8Array) => Buffer.from(b);
  return {
    content: file.content,
    file_path: file.filePath,
    file_format: file.fileFormat,
    partition,
    record_count: BigInt(file.recordCount),
    file_size_in_bytes: BigInt(file.fileSizeInBytes),
    column_sizes: intMap(file.columnSizes, long),
    value_counts: intMap(file.valueCounts, long),
    null_value_counts: intMap(file.nullValueCounts, long),
    nan_value_counts: intMap(file.nanValueCounts, long),
    lower_bounds: intMap(file.lowerBounds, bytes),
    upper_bounds: intMap(file.upperBounds, bytes),
    key_metadata: file.keyMetadata ? Buffer.from(file.keyMetadata) : null,
    split_offsets: file.splitOffsets ? file.splitOffsets.map(long) : null,
    equality_ids: file.equalityIds ? [...file.equalityIds] : null,
    sort_order_id: file.sortOrderId ?? null,
    referenced_data_file: file.referencedDataFile ?? null,
    content_offset: file.contentOffset === undefined ? null : long(file.contentOffset),
    content_size_in_bytes: file.contentSizeInBytes === undefined ? null : long(file.contentSizeInBytes),
  };
}

function inherited(status: EntryStatus, value: number | undefined): bigint | null {
  if (value === undefined || value === UNASSIGNED_SEQUENCE_NUMBER) {
    if (status !== EntryStatus.Added)
      throw new ValidationError(
        'only ADDED manifest entries may inherit sequence numbers (spec: sequence number inheritance)',
      );
    return null;
  }
  return BigInt(value);
}

export interface WriteManifestOptions {
  readonly io: FileIO;
  readonly location: string;
  readonly spec: PartitionSpec;
  readonly schema: Schema;
  readonly content: ManifestContent;
  /** The snapshot writing this manifest (recorded as added_snapshot_id in the manifest list). */
  readonly snapshotId: bigint;
  readonly entries: readonly ManifestEntryInput[];
}

export async function writeManifest(options: WriteManifestOptions): Promise<ManifestFile> {
  const { spec, schema, entries } = options;
  const partitionType = spec.partitionType(schema);
  const records = entries.map((entry) => ({
    status: entry.status,
    snapshot_id: entry.snapshotId,
    sequence_number: inherited(entry.status, entry.sequenceNumber),
    file_sequence_number: inherited(entry.status, entry.fileSequenceNumber ?? entry.sequenceNumber),
    data_file: dataFileRecord(entry.dataFile, partitionType),
  }));
  const deletionVectors = entries.some((e) => e.dataFile.contentOffset !== undefined);
  const bytes = encodeContainer(manifestEntrySchema(partitionType, deletionVectors), records, {
    schema: stringifyJson(schema.toJSON()),
    'schema-id': String(schema.schemaId),
    'partition-spec': stringifyJson(spec.toJSON().fields),
    'partition-spec-id': String(spec.specId),
    'format-version': '2',
    content: options.content === ManifestContent.Data ? 'data' : 'deletes',
  });
  await options.io.write(options.location, bytes);

  const explicit = entries
    .map((e) => e.sequenceNumber)
    .filter((n): n is number => n !== undefined && n !== UNASSIGNED_SEQUENCE_NUMBER);
  return {
    manifestPath: options.location,
    manifestLength: bytes.length,
    partitionSpecId: spec.specId,
    content: options.content,
    sequenceNumber: UNASSIGNED_SEQUENCE_NUMBER,
    minSequenceNumber: explicit.length > 0 ? Math.min(...explicit) : UNASSIGNED_SEQUENCE_NUMBER,
    addedSnapshotId: options.snapshotId,
    ...summariseManifestEntries(partitionType, entries),
  };
}

/** Readers see ManifestEntry; writers may carry existing entries forward unchanged. */
export function entryToInput(entry: ManifestEntry, status: EntryStatus, snapshotId: bigint): ManifestEntryInput {
  return {
    status,
    snapshotId,
    sequenceNumber: entry.sequenceNumber,
    fileSequenceNumber: entry.fileSequenceNumber,
    dataFile: entry.dataFile,
  };
}
