// Commit outcomes when the catalog connection fails around the pointer swap: a lost acknowledgement is
// recognised as success, an unanswerable catalog gives CommitStateUnknownError (not retried blindly).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CommitStateUnknownError,
  newSchema,
  SqlCatalog,
  type SqlDriver,
  type SqlExecutor,
  SqliteDriver,
  type SqlValue,
} from '../../../layers/iceberg/index.js';
import { totalRecords } from './rows.js';

type Fault = 'none' | 'lose-ack' | 'catalog-down';

/** Wraps a driver; after the pointer UPDATE it can drop the acknowledgement or fail every later call. */
class FaultyDriver implements SqlDriver {
  fault: Fault = 'none';
  private down = false;
  constructor(private readonly inner: SqlDriver) {}

  async run(sql: string, params: readonly SqlValue[] = []) {
    if (this.down) throw new Error('connection reset');
    const swap = /^\s*UPDATE iceberg_tables SET metadata_location/.test(sql);
    if (swap && this.fault === 'catalog-down') {
      this.down = true;
      throw new Error('connection reset');
    }
    const result = await this.inner.run(sql, params);
    if (swap && this.fault === 'lose-ack') {
      this.fault = 'none';
      throw new Error('connection reset after the statement ran');
    }
    return result;
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction(work);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('commit outcomes around a failing catalog', () => {
  let dir = '';
  let driver: FaultyDriver;
  let catalog: SqlCatalog;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'iceberg-outcome-'));
    driver = new FaultyDriver(new SqliteDriver({ path: path.join(dir, 'catalog.db') }));
    catalog = await SqlCatalog.open({ name: 'faults', driver, warehouse: path.join(dir, 'warehouse') });
    await catalog.createNamespace('n');
    await catalog.createTable('n.t', { schema: newSchema([{ name: 'id', type: 'long' }]) });
  });
  after(async () => {
    await catalog.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('treats a swap whose acknowledgement was lost as committed, exactly once', async () => {
    const table = await catalog.loadTable('n.t');
    driver.fault = 'lose-ack';
    const snapshot = await table.newAppend().appendQuery('SELECT 1::BIGINT AS id').commit();
    const reloaded = await catalog.loadTable('n.t');
    assert.equal(reloaded.currentSnapshot()?.snapshotId, snapshot.snapshotId);
    assert.equal(reloaded.snapshots().length, 1);
    assert.equal(totalRecords(await reloaded.scan().planFiles()), 1);
  });

  it('reports CommitStateUnknownError when the catalog cannot say what happened', async () => {
    const table = await catalog.loadTable('n.t');
    driver.fault = 'catalog-down';
    await assert.rejects(
      table.newAppend().appendQuery('SELECT 2::BIGINT AS id').commit(),
      (e: unknown) => e instanceof CommitStateUnknownError && e.retriable === false,
    );
  });
});
