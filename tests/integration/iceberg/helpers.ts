/** Test helpers: a SqlCatalog on SQLite in a fresh temporary directory, and the files a table needs. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  liveEntries,
  localPathOf,
  SqlCatalog,
  SqliteDriver,
  snapshotManifests,
  type Table,
} from '../../../layers/iceberg/index.js';

export interface TempCatalog {
  readonly catalog: SqlCatalog;
  readonly dir: string;
  cleanup(): Promise<void>;
}

export async function tempCatalog(name = 'test'): Promise<TempCatalog> {
  const dir = await mkdtemp(path.join(tmpdir(), 'iceberg-test-'));
  const catalog = await SqlCatalog.open({
    name,
    driver: new SqliteDriver({ path: path.join(dir, 'catalog.db') }),
    warehouse: path.join(dir, 'warehouse'),
  });
  return {
    catalog,
    dir,
    cleanup: async () => {
      await catalog.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every Avro and Parquet file under `dir`. */
export async function filesOnDisk(dir: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.(avro|parquet)$/.test(entry.name)) found.add(path.join(entry.parentPath, entry.name));
  }
  return found;
}

/** Manifest lists, manifests and live data files of every remaining snapshot. */
export async function neededFiles(table: Table): Promise<Set<string>> {
  const files = new Set<string>();
  for (const snapshot of table.metadata.snapshots) {
    files.add(localPathOf(snapshot.manifestList));
    for (const manifest of await snapshotManifests(table.io, snapshot, table.metadata)) {
      files.add(localPathOf(manifest.manifestPath));
      for (const entry of await liveEntries(table.io, table.metadata, manifest))
        files.add(localPathOf(entry.dataFile.filePath));
    }
  }
  return files;
}
