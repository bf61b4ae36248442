// Further operations: replace partitions, schema changes, refs, conflicts, compaction, v1 upgrade, purge.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CommitFailedError,
  type DataFile,
  identity,
  newSchema,
  readParquetByFieldId,
  serializeTableMetadata,
  type Table,
  ValidationError,
} from '../../../layers/iceberg/index.js';
import { type TempCatalog, tempCatalog } from './helpers.js';
import { rowsOf, totalRecords } from './rows.js';

function rows(from: number, to: number, tag: string): string {
  return `SELECT i::INTEGER AS n, (i % 2)::INTEGER AS part, '${tag}' AS tag, i::FLOAT AS ratio FROM range(${from}, ${to}) r(i)`;
}

describe('table operations', () => {
  let env: TempCatalog;
  let table: Table;
  before(async () => {
    env = await tempCatalog();
    await env.catalog.createNamespace('ops');
    table = await env.catalog.createTable('ops.t', {
      schema: newSchema([
        { name: 'n', type: 'int', required: true },
        { name: 'part', type: 'int', required: true },
        { name: 'tag', type: 'string' },
        { name: 'ratio', type: 'float' },
      ]),
      partitionSpec: [{ source: 'part', transform: identity }],
    });
    await table
      .newAppend()
      .appendQuery(rows(0, 10, 'first'))
      .commit();
  });
  after(() => env.cleanup());

  it('replaces only the partitions the new files cover', async () => {
    const s = await table
      .newReplacePartitions()
      .appendQuery(`SELECT * FROM (${rows(100, 104, 'second')}) WHERE part = 1`)
      .commit();
    assert.equal(s.summary.operation, 'overwrite');
    assert.equal(s.summary['replace-partitions'], 'true');
    assert.equal(s.summary['deleted-records'], '5');
    const tags = await rowsOf(table, await table.scan().planFiles(), 'part, tag');
    assert.equal(tags.length, 7);
    assert.ok(tags.every((r) => (r.part === 1 ? r.tag === 'second' : r.tag === 'first')));
  });

  it('widens, relaxes and drops columns; old files read through the new schema', async () => {
    await table
      .updateSchema()
      .updateColumn('n', 'long')
      .updateColumn('ratio', 'double')
      .makeColumnOptional('n')
      .commit();
    assert.equal(table.schema().field('n').type, 'long');
    assert.equal(table.schema().field('n').required, false);
    await table.updateSchema().deleteColumn('tag').setIdentifierFields('part').commit();
    assert.deepEqual(table.schema().identifierFieldIds, [table.schema().field('part').id]);
    assert.throws(() => table.updateSchema().setIdentifierFields('n').apply(table.metadata), /required primitive/);
    assert.equal(table.schema().findField('tag'), undefined);
    assert.throws(() => table.updateSchema().deleteColumn('part').apply(table.metadata), /partition spec uses it/);
    assert.throws(() => table.updateSchema().updateColumn('ratio', 'int').apply(table.metadata), ValidationError);
    const values = await rowsOf(table, await table.scan().planFiles(), 'n, ratio', 'n = 2');
    assert.deepEqual(values, [{ n: '2', ratio: 2 }]);
    const old = await table.scan({ snapshotId: table.snapshots()[0]?.snapshotId }).planFiles();
    assert.equal(old[0]?.schema.field('n').type, 'int', 'time travel keeps the old schema');
  });

  it('moves and removes tags and branches', async () => {
    const [first, second] = table.snapshots();
    assert.ok(first && second);
    await table.manageSnapshots().createTag('release', first.snapshotId).createBranch('dev', first.snapshotId).commit();
    assert.equal(totalRecords(await table.scan({ ref: 'release' }).planFiles()), 10);
    await table.manageSnapshots().replaceRef('release', second.snapshotId).commit();
    assert.equal(totalRecords(await table.scan({ ref: 'release' }).planFiles()), 7);
    await assert.rejects(table.manageSnapshots().fastForward('release', 'main').commit(), /tag, not a branch/);
    await table.newAppend().appendQuery(`SELECT 7 AS n, 0 AS part`).toBranch('dev').commit();
    await assert.rejects(table.manageSnapshots().fastForward('main', 'dev').commit(), /not an ancestor/);
    await table.manageSnapshots().removeTag('release').removeBranch('dev').commit();
    assert.deepEqual(Object.keys(table.metadata.refs), ['main']);
  });

  it('fails a removal of a file that a concurrent commit already removed', async () => {
    const [victim] = await table.scan().planFiles();
    assert.ok(victim);
    const stale = await env.catalog.loadTable('ops.t');
    await table.newFileOverwrite().deleteFile(victim.dataFile).commit();
    await assert.rejects(
      stale.newFileOverwrite().deleteFile(victim.dataFile).commit(),
      (e: unknown) => e instanceof ValidationError && /no longer live/.test(e.message),
    );
  });

  it('reports a conflict as a retriable CommitFailedError when retries are exhausted', async () => {
    await table.updateProperties().set('commit.retry.num-retries', '0').commit();
    const a = await env.catalog.loadTable('ops.t');
    const b = await env.catalog.loadTable('ops.t');
    await a.updateSchema().addColumn('x', 'string').commit();
    await assert.rejects(
      b.updateSchema().addColumn('x', 'string').commit(),
      (e: unknown) => e instanceof CommitFailedError && e.retriable,
    );
    await table.updateProperties().remove('commit.retry.num-retries').commit();
    assert.equal(table.properties()['commit.retry.num-retries'], undefined);
  });

  it('compacts files into a replace snapshot that incremental scans skip', async () => {
    await table.newAppend().appendQuery(`SELECT 50 AS n, 0 AS part`).commit();
    await table.newAppend().appendQuery(`SELECT 51 AS n, 0 AS part`).commit();
    const before = table.currentSnapshot();
    const small = (await table.scan().planFiles()).filter((t) => t.dataFile.partition[0] === 0);
    assert.ok(small.length >= 2);
    const paths = await Promise.all(small.map((t) => table.io.localPath(t.dataFile.filePath)));
    const compaction = table.newRewrite().appendQuery(`SELECT * FROM ${readParquetByFieldId(paths, table.schema())}`);
    for (const task of small) compaction.deleteFile(task.dataFile);
    const s = await compaction.commit();
    assert.equal(s.summary.operation, 'replace');
    const after = (await table.scan().planFiles()).filter((t) => t.dataFile.partition[0] === 0);
    assert.equal(after.length, 1);
    assert.equal(totalRecords(after), totalRecords(small));
    assert.deepEqual(await table.incrementalAppendScan(before?.snapshotId).planFiles(), []);
    await assert.rejects(
      table
        .newRewrite()
        .deleteFile(after[0]?.dataFile as DataFile)
        .commit(),
      /must keep the rows/,
    );
  });

  it('upgrades a v1 table to v2 on its first commit', async () => {
    const v1 = {
      ...table.metadata,
      formatVersion: 1 as const,
      lastSequenceNumber: 0,
      snapshots: [],
      snapshotLog: [],
      refs: {},
    };
    const { currentSnapshotId: _dropped, ...withoutCurrent } = v1;
    const location = `${table.location()}/metadata/v1-copy.metadata.json`;
    await table.io.write(location, new TextEncoder().encode(serializeTableMetadata(withoutCurrent)));
    const legacy = await env.catalog.registerTable('ops.legacy', location);
    assert.equal(legacy.metadata.formatVersion, 1);
    await legacy.newAppend().appendQuery('SELECT 1 AS n, 0 AS part').commit();
    assert.equal(legacy.metadata.formatVersion, 2);
    assert.equal(totalRecords(await legacy.scan().planFiles()), 1);
    await env.catalog.dropTable('ops.legacy');
  });

  it('drops a table with purge, deleting its files', async () => {
    const files = (await table.scan().planFiles()).map((t) => t.dataFile.filePath);
    const metadata = table.metadataLocation;
    await env.catalog.dropTable('ops.t', { purge: true });
    assert.equal(await env.catalog.tableExists('ops.t'), false);
    assert.ok(files.every((f) => !existsSync(f)));
    assert.equal(existsSync(metadata), false);
  });
});
