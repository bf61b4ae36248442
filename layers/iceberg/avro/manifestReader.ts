/**
 * Reads manifests written by any v1/v2 writer (Java, Spark, PyIceberg, this library), applying
 * snapshot-id and sequence-number inheritance from the manifest-list entry.
 */
import { ValidationError } from '../errors.js';
import type { FileIO } from '../io/FileIO.js';
import type { StructType } from '../spec/types.js';
import { type AvroFile, decodeContainer } from './container.js';
import { type DataFile, EntryStatus, type FileContent, type ManifestEntry, type ManifestFile } from './model.js';
import { partitionValueFromAvro } from './partitionValues.js';
import { requiredField } from './requiredField.js';

type Rec = Record<string, unknown>;

function toMap<V>(raw: unknown, convert: (v: unknown) => V): Map<number, V> | undefined {
  if (!Array.isArray(raw)) return undefined;
  return new Map((raw as Rec[]).map((kv) => [Number(kv.key), convert(kv.value)]));
}

const asNumber = (v: unknown) => Number(v);
const asBytes = (v: unknown) => new Uint8Array(v as Uint8Array);

/** field-id -> Avro field name of the partition record, from the file's own schema. */
function partitionNamesById(schemaJson: unknown): Map<number, string> {
  const out = new Map<number, string>();
  const entry = schemaJson as { fields?: Rec[] };
  const dataFile = entry.fields?.find((f) => f.name === 'data_file')?.type as { fields?: Rec[] } | undefined;
  const partition = dataFile?.fields?.find((f) => f.name === 'partition')?.type as { fields?: Rec[] } | undefined;
  partition?.fields?.forEach((f, i) => {
    out.set(f['field-id'] !== undefined ? Number(f['field-id']) : -1 - i, String(f.name));
  });
  return out;
}

function dataFileFromRecord(
  record: Rec,
  specId: number,
  partitionType: StructType,
  names: Map<number, string>,
  where: string,
): DataFile {
  // An unpartitioned spec's empty partition struct may be written as null (e.g. by BigQuery).
  const partitionRecord = (
    partitionType.fields.length === 0 ? (record.partition ?? {}) : requiredField(record, 'partition', 102, where)
  ) as Rec;
  const partition = partitionType.fields.map((field, i) => {
    const name = names.get(field.id) ?? names.get(-1 - i) ?? field.name;
    return partitionValueFromAvro(field.type, partitionRecord[name]);
  });
  const columnSizes = toMap(record.column_sizes, asNumber);
  const valueCounts = toMap(record.value_counts, asNumber);
  const nullValueCounts = toMap(record.null_value_counts, asNumber);
  const nanValueCounts = toMap(record.nan_value_counts, asNumber);
  const lowerBounds = toMap(record.lower_bounds, asBytes);
  const upperBounds = toMap(record.upper_bounds, asBytes);
  return {
    content: Number(record.content ?? 0) as FileContent,
    filePath: String(requiredField(record, 'file_path', 100, where)),
    fileFormat: String(requiredField(record, 'file_format', 101, where)).toUpperCase() as DataFile['fileFormat'],
    specId,
    partition,
    recordCount: Number(requiredField(record, 'record_count', 103, where)),
    fileSizeInBytes: Number(requiredField(record, 'file_size_in_bytes', 104, where)),
    ...(columnSizes ? { columnSizes } : {}),
    ...(valueCounts ? { valueCounts } : {}),
    ...(nullValueCounts ? { nullValueCounts } : {}),
    ...(nanValueCounts ? { nanValueCounts } : {}),
    ...(lowerBounds ? { lowerBounds } : {}),
    ...(upperBounds ? { upperBounds } : {}),
    ...(record.key_metadata ? { keyMetadata: asBytes(record.key_metadata) } : {}),
    ...(Array.isArray(record.split_offsets) ? { splitOffsets: record.split_offsets.map(asNumber) } : {}),
    ...(Array.isArray(record.equality_ids) ? { equalityIds: record.equality_ids.map(asNumber) } : {}),
    ...(record.sort_order_id != null ? { sortOrderId: Number(record.sort_order_id) } : {}),
    ...(record.referenced_data_file != null ? { referencedDataFile: String(record.referenced_data_file) } : {}),
    ...(record.content_offset != null ? { contentOffset: Number(record.content_offset) } : {}),
    ...(record.content_size_in_bytes != null ? { contentSizeInBytes: Number(record.content_size_in_bytes) } : {}),
  };
}

export interface ReadManifestResult {
  readonly entries: ManifestEntry[];
  /** Header key/values (schema, partition-spec, format-version, content, ...). */
  readonly metadata: Record<string, string>;
}

/**
 * All entries of a manifest (including DELETED ones: callers filter by status).
 * `partitionType` is the partition struct of the manifest's spec against the table schema.
 */
export async function readManifest(
  io: FileIO,
  manifest: ManifestFile,
  partitionType: StructType,
): Promise<ReadManifestResult> {
  const bytes = await io.read(manifest.manifestPath);
  return manifestEntriesOf(decodeContainer<Rec>(bytes, manifest.manifestPath), manifest, partitionType);
}

/** The entries of an already decoded manifest file, inheriting from `manifest` (its manifest-list entry). */
export function manifestEntriesOf(
  file: AvroFile<Record<string, unknown>>,
  manifest: ManifestFile,
  partitionType: StructType,
): ReadManifestResult {
  const names = partitionNamesById(file.schemaJson);
  const entries = file.records.map((record, index): ManifestEntry => {
    const where = `manifest ${manifest.manifestPath} entry ${index}`;
    const status = Number(requiredField(record, 'status', 0, where)) as EntryStatus;
    const rawSeq = record.sequence_number;
    const rawFileSeq = record.file_sequence_number;
    if ((rawSeq == null || record.snapshot_id == null) && status !== EntryStatus.Added && manifest.sequenceNumber > 0)
      throw new ValidationError(
        `${where}: ${rawSeq == null ? 'sequence_number (field id 3)' : 'snapshot_id (field id 1)'} is null in an entry with status ${status}; only ADDED (1) entries may inherit it`,
      );
    const sequenceNumber = rawSeq == null ? manifest.sequenceNumber : Number(rawSeq);
    return {
      status,
      snapshotId: record.snapshot_id == null ? manifest.addedSnapshotId : BigInt(record.snapshot_id as bigint),
      sequenceNumber,
      fileSequenceNumber:
        rawFileSeq == null ? (rawSeq == null ? manifest.sequenceNumber : sequenceNumber) : Number(rawFileSeq),
      dataFile: dataFileFromRecord(
        requiredField(record, 'data_file', 2, where) as Rec,
        manifest.partitionSpecId,
        partitionType,
        names,
        `${where} data_file`,
      ),
    };
  });
  return { entries, metadata: file.metadata };
}
