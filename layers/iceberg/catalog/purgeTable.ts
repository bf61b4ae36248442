/** Deletes every file a table's metadata references (drop with purge). */
import type { FileIO } from '../io/FileIO.js';
import { liveEntries, mapConcurrent, snapshotManifests } from '../scan/manifestEntries.js';
import type { TableMetadata } from '../spec/tableMetadata.js';

export async function purgeTableFiles(io: FileIO, md: TableMetadata, metadataLocation: string): Promise<void> {
  const files = new Set<string>();
  for (const snapshot of md.snapshots) {
    const manifests = await snapshotManifests(io, snapshot, md).catch(() => []);
    if (snapshot.manifestList !== '') files.add(snapshot.manifestList);
    for (const manifest of manifests) {
      if (files.has(manifest.manifestPath)) continue;
      files.add(manifest.manifestPath);
      for (const entry of await liveEntries(io, md, manifest).catch(() => [])) files.add(entry.dataFile.filePath);
    }
  }
  for (const entry of md.metadataLog) files.add(entry.metadataFile);
  files.add(metadataLocation);
  await mapConcurrent([...files], 8, (file) => io.delete(file).catch(() => undefined));
}
