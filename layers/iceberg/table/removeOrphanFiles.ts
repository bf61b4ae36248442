/**
 * Orphan file removal: files under the table location that no live metadata references, such as
 * data files and manifests of a writer killed before its commit. A file counts as referenced when
 * the current metadata file, a metadata file in its log, a snapshot's manifest list, a manifest or
 * any manifest entry (deleted ones included) names it. Safe against commits in flight: only files
 * older than the grace period are candidates (a writer's files are younger than its commit), the
 * listing comes before the references are read, and the references are read again whenever the
 * catalog pointer moved meanwhile.
 */
import type { ManifestFile } from '../avro/model.js';
import { ValidationError } from '../errors.js';
import type { FileInfo } from '../io/FileIO.js';
import { localPathOf, parseS3Location, schemeOf } from '../io/location.js';
import { manifestEntries, mapConcurrent, snapshotManifests } from '../scan/manifestEntries.js';
import type { TableMetadata } from '../spec/tableMetadata.js';
import type { Table } from './Table.js';

/** Java's default grace period for DeleteOrphanFiles: 3 days. */
export const DEFAULT_ORPHAN_GRACE_MS = 3 * 24 * 3600 * 1000;

export interface RemoveOrphanFilesOptions {
  /** Only files last modified before this time are removed (default: now minus 3 days). */
  readonly olderThanMs?: number;
  /** List the orphans without deleting them. */
  readonly dryRun?: boolean;
}

export interface RemoveOrphanFilesResult {
  /** The orphans found (deleted unless dryRun), oldest first. */
  readonly orphans: readonly FileInfo[];
  /** Unreferenced files kept because they are younger than the grace period. */
  readonly tooYoung: number;
  /** Files listed under the table location. */
  readonly listed: number;
}

/** Locations compared by the file they name (`file:/a`, `file:///a` and `/a` are one file; s3a:// is s3://). */
function fileKey(location: string): string {
  if (schemeOf(location) === 'file') return localPathOf(location);
  const { bucket, key } = parseS3Location(location);
  return `s3://${bucket}/${key}`;
}

function statisticsPaths(entries: readonly unknown[]): string[] {
  return entries.flatMap((entry) => {
    const path = (entry as { 'statistics-path'?: unknown } | null)?.['statistics-path'];
    return typeof path === 'string' ? [path] : [];
  });
}

/** Every file the metadata at `metadataLocation` references, by fileKey. */
export async function referencedFiles(table: Table, md: TableMetadata, metadataLocation: string): Promise<Set<string>> {
  const files = new Set<string>([metadataLocation, ...md.metadataLog.map((entry) => entry.metadataFile)]);
  for (const path of [...statisticsPaths(md.statistics), ...statisticsPaths(md.partitionStatistics)]) files.add(path);
  const manifests = new Map<string, ManifestFile>();
  const lists = await mapConcurrent(md.snapshots, 8, (snapshot) => snapshotManifests(table.io, snapshot, md));
  for (const snapshot of md.snapshots) if (snapshot.manifestList !== '') files.add(snapshot.manifestList);
  for (const list of lists) for (const manifest of list) manifests.set(manifest.manifestPath, manifest);
  const entries = await mapConcurrent([...manifests.values()], 8, (manifest) =>
    manifestEntries(table.io, md, manifest),
  );
  for (const path of manifests.keys()) files.add(path);
  for (const list of entries) for (const entry of list) files.add(entry.dataFile.filePath);
  return new Set([...files].map(fileKey));
}

export async function removeOrphanFiles(
  table: Table,
  options: RemoveOrphanFilesOptions = {},
): Promise<RemoveOrphanFilesResult> {
  const olderThanMs = options.olderThanMs ?? Date.now() - DEFAULT_ORPHAN_GRACE_MS;
  const root = table.location().replace(/\/+$/, '');
  if (root === '') throw new ValidationError(`table ${table.name} has no location to clean`);
  const listed: FileInfo[] = [];
  for await (const file of table.io.list(`${root}/`)) listed.push(file);
  // References are read after the listing: a commit that lands meanwhile is seen.
  await table.refresh();
  let referenced = await referencedFiles(table, table.metadata, table.metadataLocation);
  for (let attempt = 0; ; attempt++) {
    const pointer = await table.catalog.loadMetadataLocation(table.identifier);
    if (pointer === table.metadataLocation) break;
    if (attempt >= 10)
      throw new ValidationError(`table ${table.name} keeps changing: orphan removal gave up after ${attempt} reloads`);
    await table.refresh();
    referenced = await referencedFiles(table, table.metadata, table.metadataLocation);
  }
  const unreferenced = listed.filter((file) => !referenced.has(fileKey(file.location)));
  const orphans = unreferenced
    .filter((file) => file.lastModifiedMs < olderThanMs)
    .sort((a, b) => a.lastModifiedMs - b.lastModifiedMs || (a.location < b.location ? -1 : 1));
  if (!options.dryRun) await mapConcurrent(orphans, 8, (file) => table.io.delete(file.location));
  return { orphans, tooYoung: unreferenced.length - orphans.length, listed: listed.length };
}
