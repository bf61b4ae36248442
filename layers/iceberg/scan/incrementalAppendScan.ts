/**
 * The data files appended between two snapshots: every `append` snapshot after `from`
 * (exclusive) up to `to` (inclusive) on `to`'s ancestry, and the files each one ADDED.
 */
import { EntryStatus, ManifestContent } from '../avro/model.js';
import { ValidationError } from '../errors.js';
import { alwaysTrue } from '../expr/expressions.js';
import type { FileIO } from '../io/FileIO.js';
import { ancestorsOf, currentSchema, findSnapshot, specById, type TableMetadata } from '../spec/tableMetadata.js';
import type { FileScanTask } from './FileScanTask.js';
import { manifestEntries, snapshotManifests } from './manifestEntries.js';

export async function planIncrementalAppends(
  io: FileIO,
  md: TableMetadata,
  fromSnapshotIdExclusive: bigint | undefined,
  toSnapshotIdInclusive: bigint | undefined = md.currentSnapshotId,
): Promise<FileScanTask[]> {
  if (toSnapshotIdInclusive === undefined) return [];
  if (!findSnapshot(md, toSnapshotIdInclusive))
    throw new ValidationError(`table ${md.location} has no snapshot ${toSnapshotIdInclusive}`);
  const lineage = ancestorsOf(md, toSnapshotIdInclusive);
  const stop =
    fromSnapshotIdExclusive === undefined
      ? lineage.length
      : lineage.findIndex((s) => s.snapshotId === fromSnapshotIdExclusive);
  if (stop < 0)
    throw new ValidationError(
      `snapshot ${fromSnapshotIdExclusive} is not an ancestor of ${toSnapshotIdInclusive} in table ${md.location}`,
    );
  const schema = currentSchema(md);
  const tasks: FileScanTask[] = [];
  for (const snapshot of lineage.slice(0, stop).reverse()) {
    if (snapshot.summary.operation !== 'append') continue;
    const manifests = (await snapshotManifests(io, snapshot, md)).filter(
      (m) => m.addedSnapshotId === snapshot.snapshotId && m.content === ManifestContent.Data,
    );
    for (const manifest of manifests) {
      for (const entry of await manifestEntries(io, md, manifest)) {
        if (entry.status !== EntryStatus.Added || entry.snapshotId !== snapshot.snapshotId) continue;
        tasks.push({
          dataFile: entry.dataFile,
          dataSequenceNumber: entry.sequenceNumber,
          deleteFiles: [],
          spec: specById(md, entry.dataFile.specId),
          schema,
          residual: alwaysTrue(),
        });
      }
    }
  }
  return tasks;
}
