/** Reading a snapshot's manifests with the right partition types. */

import { readManifestList } from '../avro/manifestList.js';
import { readManifest } from '../avro/manifestReader.js';
import { EntryStatus, type ManifestEntry, type ManifestFile } from '../avro/model.js';
import { ValidationError } from '../errors.js';
import type { FileIO } from '../io/FileIO.js';
import { partitionTypeFor } from '../spec/partitionType.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { TableMetadata } from '../spec/tableMetadata.js';
import { inlineManifestFiles } from './inlineManifests.js';

/**
 * The manifests of a snapshot: from its manifest list, or for a format v1 snapshot that lists them
 * inline, derived by reading each manifest (`md` gives the partition types for that).
 */
export async function snapshotManifests(
  io: FileIO,
  snapshot: Snapshot | undefined,
  md: TableMetadata,
): Promise<ManifestFile[]> {
  if (snapshot === undefined) return [];
  if (snapshot.manifestList !== '') return readManifestList(io, snapshot.manifestList);
  if (snapshot.manifests !== undefined) return inlineManifestFiles(io, md, snapshot);
  throw new ValidationError(
    `table ${md.location} snapshot ${snapshot.snapshotId} has neither a manifest-list nor inline manifests`,
  );
}

export async function manifestEntries(io: FileIO, md: TableMetadata, manifest: ManifestFile): Promise<ManifestEntry[]> {
  return (await readManifest(io, manifest, partitionTypeFor(md, manifest.partitionSpecId))).entries;
}

/** Entries that are part of the snapshot (ADDED or EXISTING). */
export async function liveEntries(io: FileIO, md: TableMetadata, manifest: ManifestFile): Promise<ManifestEntry[]> {
  return (await manifestEntries(io, md, manifest)).filter((e) => e.status !== EntryStatus.Deleted);
}

/** Maps with bounded concurrency (manifest reads are I/O bound; S3 needs some parallelism). */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}
