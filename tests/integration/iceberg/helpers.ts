/** Test helpers: a SqlCatalog on SQLite in a fresh temporary directory. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqlCatalog, SqliteDriver } from '../../../layers/iceberg/index.js';

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
