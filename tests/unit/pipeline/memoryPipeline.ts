/** A pipeline context for tests: on an in-memory DuckDBTableStore, or on Iceberg tables in a temp dir. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../layers/config/index.js';
import { openDuckDB } from '../../../layers/engine/index.js';
import type { PipelineContext, TableStore } from '../../../layers/pipeline/index.js';
import { DuckDBTableStore, openTableStore } from '../../../layers/pipeline/index.js';

export type StoreKind = 'memory' | 'iceberg';

export async function memoryPipeline(
  kind: StoreKind = 'memory',
): Promise<PipelineContext & { home: string | undefined; close(): Promise<void> }> {
  const instance = await openDuckDB();
  const admin = await instance.connect();
  const conn = await instance.connect();
  const home = kind === 'iceberg' ? await mkdtemp(path.join(tmpdir(), 'pipeline-')) : undefined;
  const store: TableStore =
    home === undefined ? new DuckDBTableStore(admin) : await openTableStore(loadConfig({ LAKEHOUSE_HOME: home }));
  let clock = 1_700_000_000_000_000n;
  return {
    store,
    conn,
    commitRetries: 3,
    nowUs: () => {
      clock += 1000n;
      return clock;
    },
    home,
    close: async () => {
      await store.close();
      if (home !== undefined) await rm(home, { recursive: true, force: true });
      conn.closeSync();
      admin.closeSync();
      instance.closeSync();
    },
  };
}
