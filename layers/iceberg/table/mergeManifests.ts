/**
 * Manifest merging, as Iceberg's MergeAppend and overwrites do it: a table that commits every second
 * would otherwise carry one more manifest per commit forever, and every scan opens them all. Data
 * manifests of a partition spec are packed, oldest first, into bins of about
 * `commit.manifest.target-size-bytes`; a bin of several manifests is rewritten as one, except the
 * bin holding this commit's new manifest while it has fewer than `commit.manifest.min-count-to-merge`.
 * Rewritten entries keep their snapshot id and sequence numbers (EXISTING); this commit's own files
 * stay ADDED and its own deletes DELETED; older DELETED entries are dropped, as the spec allows.
 */
import type { ManifestEntryInput } from '../avro/manifestWriter.js';
import { writeManifest } from '../avro/manifestWriter.js';
import { EntryStatus, ManifestContent, type ManifestEntry, type ManifestFile } from '../avro/model.js';
import { currentSchema, specById, type TableMetadata } from '../spec/tableMetadata.js';
import type { Table } from './Table.js';
import { newManifestLocation } from './writeHelpers.js';

const DEFAULT_TARGET_BYTES = 8 * 1024 * 1024;
const DEFAULT_MIN_COUNT = 100;

interface MergeSettings {
  readonly enabled: boolean;
  readonly targetBytes: number;
  readonly minCount: number;
}

function settings(md: TableMetadata): MergeSettings {
  const number = (key: string, fallback: number): number => {
    const value = Number(md.properties[key]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    enabled: (md.properties['commit.manifest-merge.enabled'] ?? 'true').toLowerCase() !== 'false',
    targetBytes: number('commit.manifest.target-size-bytes', DEFAULT_TARGET_BYTES),
    minCount: number('commit.manifest.min-count-to-merge', DEFAULT_MIN_COUNT),
  };
}

/** Packs from the end (the oldest manifests), so the bin left partly filled holds the newest ones. */
function packFromEnd(manifests: readonly ManifestFile[], targetBytes: number): ManifestFile[][] {
  const bins: ManifestFile[][] = [];
  let current: ManifestFile[] = [];
  let bytes = 0;
  for (let index = manifests.length - 1; index >= 0; index -= 1) {
    const manifest = manifests[index] as ManifestFile;
    if (current.length > 0 && bytes + manifest.manifestLength > targetBytes) {
      bins.push(current.reverse());
      current = [];
      bytes = 0;
    }
    current.push(manifest);
    bytes += manifest.manifestLength;
  }
  if (current.length > 0) bins.push(current.reverse());
  return bins.reverse();
}

type EntryReader = (manifest: ManifestFile) => Promise<ManifestEntry[]>;

async function rewrite(
  table: Table,
  base: TableMetadata,
  bin: readonly ManifestFile[],
  snapshotId: bigint,
  entriesOf: EntryReader,
): Promise<ManifestFile> {
  const entries: ManifestEntryInput[] = [];
  for (const manifest of bin) {
    const own = manifest.addedSnapshotId === snapshotId;
    for (const entry of await entriesOf(manifest)) {
      const ofThisCommit = own && entry.snapshotId === snapshotId;
      if (entry.status === EntryStatus.Deleted) {
        if (ofThisCommit)
          entries.push({
            status: EntryStatus.Deleted,
            snapshotId,
            sequenceNumber: entry.sequenceNumber,
            fileSequenceNumber: entry.fileSequenceNumber,
            dataFile: entry.dataFile,
          });
      } else if (entry.status === EntryStatus.Added && ofThisCommit) {
        // Sequence numbers are inherited from the manifest once the commit assigns them.
        entries.push({ status: EntryStatus.Added, snapshotId, dataFile: entry.dataFile });
      } else {
        entries.push({
          status: EntryStatus.Existing,
          snapshotId: entry.snapshotId,
          sequenceNumber: entry.sequenceNumber,
          fileSequenceNumber: entry.fileSequenceNumber,
          dataFile: entry.dataFile,
        });
      }
    }
  }
  return writeManifest({
    io: table.io,
    location: newManifestLocation(base),
    spec: specById(base, (bin[0] as ManifestFile).partitionSpecId),
    schema: currentSchema(base),
    content: ManifestContent.Data,
    snapshotId,
    entries,
  });
}

/** The manifests a new snapshot should list: `manifests` (its new ones first) with small data manifests merged. */
export async function mergeManifests(
  table: Table,
  base: TableMetadata,
  manifests: readonly ManifestFile[],
  snapshotId: bigint,
  entriesOf: EntryReader,
): Promise<ManifestFile[]> {
  const { enabled, targetBytes, minCount } = settings(base);
  const first = manifests[0];
  if (!enabled || first === undefined) return [...manifests];
  const bySpec = new Map<number, ManifestFile[]>();
  const deletes: ManifestFile[] = [];
  for (const manifest of manifests) {
    if (manifest.content !== ManifestContent.Data) {
      deletes.push(manifest);
      continue;
    }
    const group = bySpec.get(manifest.partitionSpecId) ?? [];
    group.push(manifest);
    bySpec.set(manifest.partitionSpecId, group);
  }
  const merged: ManifestFile[] = [];
  for (const group of bySpec.values()) {
    for (const bin of packFromEnd(group, targetBytes)) {
      if (bin.length === 1 || (bin.includes(first) && bin.length < minCount)) merged.push(...bin);
      else merged.push(await rewrite(table, base, bin, snapshotId, entriesOf));
    }
  }
  return [...merged, ...deletes];
}
