/**
 * Format v1 snapshots may list their manifests inline (`manifests`) instead of in a manifest list.
 * Reading each manifest gives what its manifest-list entry would have held: spec id and content
 * from the header, entry and row counts, partition summaries, and the snapshot that wrote it.
 * v1 has no sequence numbers: they are 0 (spec: "Sequence Numbers", reading v1 metadata).
 */
import { decodeContainer } from '../avro/container.js';
import { manifestEntriesOf } from '../avro/manifestReader.js';
import { EntryStatus, ManifestContent, type ManifestEntry, type ManifestFile } from '../avro/model.js';
import { summariseManifestEntries } from '../avro/partitionSummary.js';
import { ValidationError } from '../errors.js';
import type { FileIO } from '../io/FileIO.js';
import { partitionTypeFor } from '../spec/partitionType.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { TableMetadata } from '../spec/tableMetadata.js';

const V1_SEQUENCE_NUMBER = 0;

function headerSpecId(metadata: Record<string, string>, location: string): number {
  const raw = metadata['partition-spec-id'];
  if (raw === undefined) return 0; // v1 manifests may omit it; Java then reads them with spec 0.
  const specId = Number(raw);
  if (!Number.isInteger(specId))
    throw new ValidationError(`manifest ${location}: header partition-spec-id '${raw}' is not an integer`);
  return specId;
}

/**
 * The snapshot that wrote a manifest: ADDED and DELETED entries record it (v1 entries always carry
 * snapshot_id); a manifest holding only EXISTING entries is attributed to the listing snapshot.
 */
function writerSnapshotId(entries: readonly ManifestEntry[], listing: Snapshot): bigint {
  return entries.find((e) => e.status !== EntryStatus.Existing)?.snapshotId ?? listing.snapshotId;
}

async function inlineManifestFile(
  io: FileIO,
  md: TableMetadata,
  snapshot: Snapshot,
  location: string,
): Promise<ManifestFile> {
  const bytes = await io.read(location);
  const file = decodeContainer<Record<string, unknown>>(bytes, location);
  const partitionSpecId = headerSpecId(file.metadata, location);
  const partitionType = partitionTypeFor(md, partitionSpecId);
  const draft: ManifestFile = {
    manifestPath: location,
    manifestLength: bytes.byteLength,
    partitionSpecId,
    content: file.metadata.content === 'deletes' ? ManifestContent.Deletes : ManifestContent.Data,
    sequenceNumber: V1_SEQUENCE_NUMBER,
    minSequenceNumber: V1_SEQUENCE_NUMBER,
    addedSnapshotId: snapshot.snapshotId,
    addedFilesCount: 0,
    existingFilesCount: 0,
    deletedFilesCount: 0,
    addedRowsCount: 0,
    existingRowsCount: 0,
    deletedRowsCount: 0,
  };
  const { entries } = manifestEntriesOf(file, draft, partitionType);
  return {
    ...draft,
    addedSnapshotId: writerSnapshotId(entries, snapshot),
    ...summariseManifestEntries(partitionType, entries),
  };
}

/** The manifest-list entries a v1 snapshot with inline `manifests` would have had, in listed order. */
export function inlineManifestFiles(io: FileIO, md: TableMetadata, snapshot: Snapshot): Promise<ManifestFile[]> {
  return Promise.all((snapshot.manifests ?? []).map((location) => inlineManifestFile(io, md, snapshot, location)));
}
