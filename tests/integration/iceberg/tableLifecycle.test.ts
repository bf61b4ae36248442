// A partitioned table through its life on SqlCatalog/SQLite: appends, overwrite, deletes, time travel,
// schema and spec evolution, branches, expiry; planFiles and counts checked at every snapshot.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  alwaysTrue,
  applyTransform,
  bucket,
  day,
  EntryStatus,
  eq,
  gtEq,
  lt,
  manifestEntries,
  type Snapshot,
  snapshotManifests,
  type Table,
  toValue,
} from '../../../layers/iceberg/index.js';
import { tradeRowsQuery, tradesTableOptions } from '../../helpers/tradesTable.js';
import { type TempCatalog, tempCatalog } from './helpers.js';
import { rowsOf, totalRecords } from './rows.js';

/** Rows `from..to-1` (tests/helpers/tradesTable.ts) with products A/B/C. */
function rowsQuery(from: number, to: number): string {
  return tradeRowsQuery(from, to, 'chr(65 + (i % 3)::INTEGER)');
}

describe('table lifecycle on SqlCatalog (SQLite)', () => {
  let env: TempCatalog;
  let table: Table;
  const snapshots: Snapshot[] = [];
  const count = async (options: Parameters<Table['scan']>[0] = {}) =>
    totalRecords(await table.scan(options).planFiles());

  before(async () => {
    env = await tempCatalog();
    await env.catalog.createNamespace('sales', { owner: 'tests' });
    table = await env.catalog.createTable('sales.trades', {
      ...tradesTableOptions(),
      properties: { 'write.metadata.previous-versions-max': '3' },
    });
  });
  after(() => env.cleanup());

  it('creates the namespace and an empty table', async () => {
    assert.deepEqual(await env.catalog.listNamespaces(), [['sales']]);
    assert.equal((await env.catalog.loadNamespaceProperties('sales')).owner, 'tests');
    assert.deepEqual(await env.catalog.listTables('sales'), [{ namespace: ['sales'], name: 'trades' }]);
    assert.equal(table.currentSnapshot(), undefined);
    assert.deepEqual(await table.scan().planFiles(), []);
    assert.equal(table.schema().field('price').id, 2);
  });

  it('appends twice with custom summary properties', async () => {
    snapshots.push(await table.newAppend().appendQuery(rowsQuery(0, 12)).set('kafka.offsets', '{"0":11}').commit());
    snapshots.push(await table.newAppend().appendQuery(rowsQuery(12, 24)).set('kafka.offsets', '{"0":23}').commit());
    const [s1, s2] = snapshots as [Snapshot, Snapshot];
    assert.equal(s1.summary.operation, 'append');
    assert.equal(s1.summary['kafka.offsets'], '{"0":11}');
    assert.equal(s1.summary['added-records'], '12');
    assert.equal(s2.summary['total-records'], '24');
    assert.equal(s2.parentSnapshotId, s1.snapshotId);
    assert.equal(s2.sequenceNumber, 2);
    assert.equal(await count(), 24);
    assert.equal(await count({ snapshotId: s1.snapshotId }), 12);
    // 24 rows over 6 days x 3 products: one file per (day, product) that has rows.
    const tasks = await table.scan().planFiles();
    assert.equal(tasks.length, Number(s2.summary['total-data-files']));
    assert.ok(table.metadata.metadataLog.length <= 3, 'previous-versions-max honoured');
  });

  it('records partition values computed exactly like the transforms, and exact decimals', async () => {
    for (const task of await table.scan().planFiles()) {
      const rows = await rowsOf(table, [task], 'epoch_us(ts)::VARCHAR AS us, product, price::VARCHAR AS price, id');
      for (const row of rows) {
        assert.equal(task.dataFile.partition[0], applyTransform(day, 'timestamptz', BigInt(row.us as string)));
        assert.equal(task.dataFile.partition[1], row.product);
        assert.equal(row.price, (Number(row.id) * 1.25).toFixed(8));
      }
    }
  });

  it('prunes by partition and column bounds', async () => {
    const day0 = await table.scan({ filter: lt('ts', '2024-01-02T00:00:00Z') }).planFiles();
    assert.equal(totalRecords(day0), 4);
    assert.ok(day0.every((t) => t.dataFile.partition[0] === 19723));
    assert.equal(totalRecords(await table.scan({ filter: eq('product', 'B') }).planFiles()), 8);
    // id 13 lives in (day 3, B); (day 3, A) holds ids 12 and 15, so its bounds cannot exclude 13.
    const byId = await table.scan({ filter: eq('id', 13) }).planFiles();
    assert.equal(byId.length, 2, 'column bounds prune all but two of the files');
    assert.equal((await rowsOf(table, byId, 'id', 'id = 13')).length, 1);
    assert.equal((await table.scan({ filter: gtEq('price', '1000') }).planFiles()).length, 0);
    const projected = await table.scan({ selectedFieldIds: [2, 4] }).planFiles();
    assert.deepEqual(
      projected[0]?.schema.fields.map((f) => f.name),
      ['price', 'product'],
    );
  });

  it('overwrites by filter with DELETED and ADDED entries in one snapshot', async () => {
    const s = await table
      .newOverwrite(eq('product', 'A'))
      .appendQuery(`SELECT id, price * 2 AS price, ts, product FROM (${rowsQuery(0, 24)}) WHERE product = 'A'`)
      .set('source-snapshot-id', String(snapshots[1]?.snapshotId))
      .commit();
    snapshots.push(s);
    assert.equal(s.summary.operation, 'overwrite');
    assert.equal(s.summary['deleted-records'], '8');
    assert.equal(s.summary['added-records'], '8');
    assert.equal(s.summary['total-records'], '24');
    const statuses = new Set<number>();
    for (const m of await snapshotManifests(table.io, s, table.metadata))
      for (const e of await manifestEntries(table.io, table.metadata, m))
        if (e.snapshotId === s.snapshotId) statuses.add(e.status);
    assert.deepEqual([...statuses].sort(), [EntryStatus.Added, EntryStatus.Deleted]);
    const doubled = await rowsOf(
      table,
      await table.scan({ filter: eq('product', 'A') }).planFiles(),
      'price::VARCHAR AS p, id',
    );
    assert.ok(doubled.every((r) => r.p === (Number(r.id) * 2.5).toFixed(8)));
    assert.equal(await count(), 24);
  });

  it('deletes whole partitions and rewrites partly matching files', async () => {
    const whole = await table.newDelete(lt('ts', '2024-01-02T00:00:00Z')).commit();
    snapshots.push(whole);
    assert.equal(whole.summary.operation, 'delete');
    assert.equal(whole.summary['deleted-records'], '4');
    assert.equal(await count(), 20);
    const partial = await table.newDelete(eq('id', 13)).commit();
    snapshots.push(partial);
    assert.equal(partial.summary.operation, 'overwrite');
    assert.equal(partial.summary['total-records'], '19');
    const ids = (await rowsOf(table, await table.scan().planFiles(), 'id'))
      .map((r) => Number(r.id))
      .sort((a, b) => a - b);
    assert.equal(ids.length, 19);
    assert.ok(!ids.includes(13) && !ids.includes(3) && ids.includes(4));
  });

  it('time-travels by snapshot id, timestamp and tag', async () => {
    const expected = [12, 24, 24, 20, 19];
    for (const [i, s] of snapshots.entries()) assert.equal(await count({ snapshotId: s.snapshotId }), expected[i]);
    const second = snapshots[1] as Snapshot;
    const loggedAt = table.metadata.snapshotLog.find((e) => e.snapshotId === second.snapshotId)?.timestampMs ?? 0;
    assert.equal(table.snapshotAsOf(loggedAt)?.snapshotId, second.snapshotId);
    await table.manageSnapshots().createTag('v2', second.snapshotId).commit();
    assert.equal(await count({ ref: 'v2' }), 24);
  });

  it('evolves the schema and reads old and new files by field id', async () => {
    await table.updateSchema().addColumn('venue', 'string').renameColumn('product', 'symbol').commit();
    assert.equal(table.schema().field('symbol').id, 4);
    assert.equal(table.schema().field('venue').id, 5);
    const s = await table
      .newAppend()
      .appendQuery(`SELECT id, price, ts, product AS symbol, 'X' AS venue FROM (${rowsQuery(24, 30)})`)
      .commit();
    snapshots.push(s);
    const rows = await rowsOf(table, await table.scan().planFiles(), 'symbol, venue');
    assert.equal(rows.length, 25);
    assert.equal(rows.filter((r) => r.venue === 'X').length, 6);
    assert.ok(rows.every((r) => typeof r.symbol === 'string'));
    const old = await table.scan({ snapshotId: snapshots[0]?.snapshotId }).planFiles();
    assert.ok(old[0]?.schema.findField('product'), 'old snapshots read with their schema');
  });

  it('evolves the partition spec; old and new files are both pruned correctly', async () => {
    await table.updateSpec().removeField('product').addField('id', bucket(4)).commit();
    assert.equal(table.spec().specId, 1);
    assert.equal(table.spec().fields.length, 2);
    const s = await table
      .newAppend()
      .appendQuery(`SELECT id, price, ts, product AS symbol FROM (${rowsQuery(30, 34)})`)
      .commit();
    snapshots.push(s);
    const tasks = await table.scan().planFiles();
    assert.equal(totalRecords(tasks), 29);
    assert.ok(tasks.some((t) => t.spec.specId === 1) && tasks.some((t) => t.spec.specId === 0));
    const one = await table.scan({ filter: eq('id', 31) }).planFiles();
    assert.ok(
      one.every((t) =>
        t.spec.specId === 1 ? t.dataFile.partition[1] === applyTransform(bucket(4), 'long', 31n) : true,
      ),
    );
    assert.equal((await rowsOf(table, one, 'id', 'id = 31')).length, 1);
  });

  it('writes to an audit branch and publishes it by fast-forward', async () => {
    await table.manageSnapshots().createBranch('audit').commit();
    const audited = await table
      .newAppend()
      .appendQuery(`SELECT id, price, ts, product AS symbol FROM (${rowsQuery(34, 36)})`)
      .toBranch('audit')
      .commit();
    assert.equal(await count(), 29, 'main unchanged');
    assert.equal(await count({ ref: 'audit' }), 31);
    await table.manageSnapshots().fastForward('main', 'audit').commit();
    assert.equal(table.currentSnapshot()?.snapshotId, audited.snapshotId);
    assert.equal(await count(), 31);
  });

  it('plans incremental appends between snapshots', async () => {
    const [s1, s2] = snapshots as [Snapshot, Snapshot];
    assert.equal(totalRecords(await table.incrementalAppendScan(s1.snapshotId, s2.snapshotId).planFiles()), 12);
    const since = await table.incrementalAppendScan(s2.snapshotId).planFiles();
    assert.equal(totalRecords(since), 6 + 4 + 2, 'overwrite/delete snapshots are not appends');
  });

  it('expires old snapshots and their unreachable files', async () => {
    const before = table.snapshots().length;
    const result = await table
      .expireSnapshots()
      .expireOlderThan(Date.now() + 1)
      .retainLast(1)
      .commit();
    assert.ok(result.expiredSnapshotIds.length > 0);
    assert.ok(result.deletedFiles > 0);
    assert.ok(table.snapshots().length < before);
    assert.equal(await count(), 31);
    assert.equal((await rowsOf(table, await table.scan({ filter: alwaysTrue() }).planFiles(), 'id')).length, 31);
    const reloaded = await env.catalog.loadTable('sales.trades');
    assert.equal(reloaded.metadataLocation, table.metadataLocation);
  });

  it('renames, registers and drops tables', async () => {
    await env.catalog.renameTable('sales.trades', 'sales.trades_v2');
    assert.equal(await env.catalog.tableExists('sales.trades'), false);
    const moved = await env.catalog.loadTable('sales.trades_v2');
    await env.catalog.createNamespace('copy');
    const registered = await env.catalog.registerTable('copy.trades', moved.metadataLocation);
    assert.equal(totalRecords(await registered.scan().planFiles()), 31);
    await env.catalog.dropTable('copy.trades');
    await env.catalog.dropNamespace('copy');
    await assert.rejects(env.catalog.dropNamespace('sales'), /still has tables/);
    assert.equal(toValue('long', 1), 1n);
  });
});
