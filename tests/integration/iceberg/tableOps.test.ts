// Cherry-pick, column reordering and orphan file removal on real tables in a temporary SQLite catalog.
import assert from 'node:assert/strict';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedConnection } from '../../../layers/engine/index.js';
import {
  cherryPick,
  eq,
  type FileInfo,
  type FileIO,
  identity,
  localPathOf,
  newSchema,
  removeOrphanFiles,
  SOURCE_SNAPSHOT_ID_PROP,
  Table,
  ValidationError,
  writeDataFiles,
} from '../../../layers/iceberg/index.js';
import { filesOnDisk, neededFiles, type TempCatalog, tempCatalog } from './helpers.js';
import { rowsOf } from './rows.js';

const DAY_MS = 24 * 3600 * 1000;

async function ids(table: Table, ref = 'main'): Promise<number[]> {
  const snapshot = table.snapshotForRef(ref);
  const tasks = await table.scan(snapshot ? { snapshotId: snapshot.snapshotId } : {}).planFiles();
  return (await rowsOf(table, tasks, 'id')).map((row) => Number(row.id)).sort((a, b) => a - b);
}

async function age(file: string, ms: number): Promise<void> {
  const when = new Date(Date.now() - ms);
  await utimes(file, when, when);
}

describe('table operations', () => {
  let env: TempCatalog;
  before(async () => {
    env = await tempCatalog();
    await env.catalog.createNamespace('ops');
  });
  after(() => env.cleanup());

  const create = (name: string) =>
    env.catalog.createTable(`ops.${name}`, {
      schema: newSchema([
        { name: 'id', type: 'long', required: true },
        { name: 'kind', type: 'string' },
        {
          name: 'info',
          type: {
            type: 'struct',
            fields: [
              { name: 'a', type: 'int' },
              { name: 'b', type: 'int' },
              { name: 'c', type: 'int' },
            ],
          },
        },
      ]),
      partitionSpec: [{ source: 'kind', transform: identity }],
    });
  const append = (table: Table, id: number, branch = 'main') =>
    table
      .newAppend()
      .appendQuery(`SELECT ${id}::BIGINT AS id, 'k${id % 2}' AS kind, {'a': 1, 'b': 2, 'c': 3} AS info`)
      .toBranch(branch)
      .commit();

  it('cherry-picks an append from a branch: a fast-forward when main has not moved, else a new snapshot', async () => {
    const table = await create('pick');
    await append(table, 1);
    await table.manageSnapshots().createBranch('dev').commit();
    const first = await append(table, 2, 'dev');
    const second = await append(table, 3, 'dev');

    const forwarded = await cherryPick(table, first.snapshotId);
    assert.equal(forwarded.fastForwarded, true);
    assert.equal(table.ref('main')?.snapshotId, first.snapshotId);
    const mainHead = await append(table, 4);
    const picked = await cherryPick(table, second.snapshotId);
    assert.equal(picked.fastForwarded, false);
    assert.equal(picked.snapshot.summary[SOURCE_SNAPSHOT_ID_PROP], String(second.snapshotId));
    assert.equal(picked.snapshot.parentSnapshotId, mainHead.snapshotId);
    assert.equal(table.ref('main')?.snapshotId, picked.snapshot.snapshotId);
    assert.deepEqual(await ids(table), [1, 2, 3, 4]);
    assert.deepEqual(await ids(table, 'dev'), [1, 2, 3]);

    await assert.rejects(cherryPick(table, second.snapshotId), /snapshot \d+ of ops\.pick is already in main/);
    await assert.rejects(cherryPick(table, first.snapshotId), /already in main/);
    await assert.rejects(cherryPick(table, 42n), /table ops\.pick has no snapshot 42/);
    await assert.rejects(cherryPick(table, second.snapshotId, 'nope'), /has no branch nope/);
    const deleted = await table.newDelete(eq('kind', 'k1')).toBranch('dev').commit();
    await assert.rejects(
      cherryPick(table, deleted.snapshotId),
      /only append snapshots can be, it is (delete|overwrite)/,
    );
  });

  it('reorders columns at the top level and inside a struct; data files still read by field id', async () => {
    const table = await create('reorder');
    await append(table, 7);
    await table.updateSchema().moveFirst('kind').moveAfter('id', 'info').moveBefore('info.c', 'info.a').commit();
    const schema = table.schema();
    assert.deepEqual(
      schema.fields.map((f) => f.name),
      ['kind', 'info', 'id'],
    );
    const info = schema.field('info').type;
    assert.ok(typeof info === 'object' && info.type === 'struct');
    assert.deepEqual(
      info.fields.map((f) => f.name),
      ['c', 'a', 'b'],
    );
    const rows = await rowsOf(table, await table.scan().planFiles());
    assert.deepEqual(Object.keys(rows[0] ?? {}), ['kind', 'info', 'id']);
    assert.deepEqual(rows[0]?.info, { c: 3, a: 1, b: 2 });

    assert.throws(() => table.updateSchema().moveBefore('id', 'info.a').apply(table.metadata), /different structs/);
    assert.throws(() => table.updateSchema().moveAfter('id', 'nope').apply(table.metadata), /no column nope/);
    assert.throws(() => table.updateSchema().moveFirst('nope').apply(table.metadata), ValidationError);
  });

  it('removes unreferenced files older than the grace period, keeps younger ones and every referenced file', async () => {
    const table = await create('orphans');
    for (let id = 1; id <= 4; id += 1) await append(table, id);
    await table.manageSnapshots().createTag('v1').commit();
    const dir = localPathOf(table.location());
    const needed = await neededFiles(table);
    // Everything the table references is old too: age alone never makes a file an orphan.
    for (const file of await filesOnDisk(dir)) await age(file, 10 * DAY_MS);
    const old = path.join(dir, 'data', 'kind=k1', 'killed-writer.parquet');
    const young = path.join(dir, 'data', 'kind=k0', 'in-flight.parquet');
    const oldManifest = path.join(dir, 'metadata', 'lost-m0.avro');
    for (const file of [old, young, oldManifest]) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, 'not referenced');
    }
    await age(old, 4 * DAY_MS);
    await age(oldManifest, 4 * DAY_MS);
    await age(young, 1 * DAY_MS);

    const dry = await removeOrphanFiles(table, { dryRun: true });
    assert.deepEqual(dry.orphans.map((f) => f.location).sort(), [old, oldManifest].sort());
    assert.equal(dry.tooYoung, 1);
    assert.ok((await filesOnDisk(dir)).has(old), 'dry run deletes nothing');

    const result = await removeOrphanFiles(table);
    assert.equal(result.orphans.length, 2);
    const left = await filesOnDisk(dir);
    assert.ok(!left.has(old) && !left.has(oldManifest));
    assert.ok(left.has(young), 'younger than the grace period: kept');
    for (const file of needed) assert.ok(left.has(file), `referenced file deleted: ${file}`);
    assert.deepEqual(await ids(table), [1, 2, 3, 4]);
    const reloaded = await env.catalog.loadTable('ops.orphans');
    for (const entry of reloaded.metadata.metadataLog)
      assert.ok(await reloaded.io.exists(entry.metadataFile), `metadata file deleted: ${entry.metadataFile}`);

    const shorter = await removeOrphanFiles(table, { olderThanMs: Date.now() - 3600_000 });
    assert.deepEqual(
      shorter.orphans.map((f) => f.location),
      [young],
    );
  });

  it('keeps old files a commit landing during the listing references', async () => {
    const table = await create('inflight');
    await append(table, 1);
    const writer = await env.catalog.loadTable('ops.inflight');
    const files = await writeDataFiles({
      connection: await sharedConnection(),
      io: writer.io,
      location: writer.location(),
      schema: writer.schema(),
      spec: writer.spec(),
      properties: writer.properties(),
      query: `SELECT 9::BIGINT AS id, 'k1' AS kind, {'a': 1, 'b': 2, 'c': 3} AS info`,
    });
    for (const file of files) await age(localPathOf(file.filePath), 5 * DAY_MS);
    // The files are listed as unreferenced; the commit lands after the listing, before references are read.
    const listing: FileIO = {
      ...table.io,
      read: (l) => table.io.read(l),
      stat: (l) => table.io.stat(l),
      delete: (l) => table.io.delete(l),
      localPath: (l) => table.io.localPath(l),
      async *list(prefix: string): AsyncIterable<FileInfo> {
        yield* table.io.list(prefix);
        await writer.newAppend().appendFiles(files).commit();
      },
    };
    const view = new Table(table.identifier, table.metadata, table.metadataLocation, listing, env.catalog);
    const result = await removeOrphanFiles(view);
    assert.deepEqual(result.orphans, []);
    await table.refresh();
    assert.deepEqual(await ids(table), [1, 9]);
  });
});
