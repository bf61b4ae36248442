// `lakehouse table ...` against a real lakehouse in a temporary LAKEHOUSE_HOME: each subcommand's
// effect on the table metadata, and the named errors for bad tables, snapshots and refs.
import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import { openLakehouseEngine } from '../../../layers/engine/index.js';
import { localPathOf, openCatalog, parseJson, type SqlCatalog } from '../../../layers/iceberg/index.js';
import { main } from '../../../local/cli/main.js';
import { tradeRowsQuery, tradesTableOptions } from '../../helpers/tradesTable.js';

let home = '';

async function lakehouse(...args: string[]) {
  const saved = process.env.LAKEHOUSE_HOME;
  process.env.LAKEHOUSE_HOME = home;
  const out: string[] = [];
  const err: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  // The CLI writes strings; the test runner's own reports (Buffers) pass through.
  process.stdout.write = ((chunk: string | Uint8Array) =>
    typeof chunk === 'string' ? out.push(chunk) > 0 : stdout(chunk)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const status = await main(['node', 'lakehouse', 'table', ...args]);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    if (saved === undefined) delete process.env.LAKEHOUSE_HOME;
    else process.env.LAKEHOUSE_HOME = saved;
  }
}

async function json(...args: string[]): Promise<Record<string, unknown>[]> {
  const result = await lakehouse(...args, '--format', 'json');
  assert.equal(result.status, 0, result.stderr);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => parseJson(line) as Record<string, unknown>);
}

describe('lakehouse table', () => {
  let catalog: SqlCatalog;
  const snapshots: bigint[] = [];
  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'cli-table-'));
    catalog = await openCatalog(loadConfig({ LAKEHOUSE_HOME: home }));
    await catalog.createNamespace('demo');
    const table = await catalog.createTable('demo.trades', tradesTableOptions());
    for (let i = 0; i < 4; i += 1) {
      const snapshot = await table
        .newAppend()
        .appendQuery(tradeRowsQuery(i * 4, i * 4 + 4, `'BTC-USD'`))
        .commit();
      snapshots.push(snapshot.snapshotId);
    }
  });
  after(async () => {
    await catalog.close();
    await rm(home, { recursive: true, force: true });
  });

  const reload = () => catalog.loadTable('demo.trades');
  const count = async (sql: string) => {
    const lakehouseEngine = await openLakehouseEngine(loadConfig({ LAKEHOUSE_HOME: home }));
    try {
      const result = await lakehouseEngine.engine.query(sql);
      const rows: unknown[][] = [];
      for await (const batch of result.batches) for (const row of batch) rows.push([...row]);
      return rows;
    } finally {
      await lakehouseEngine.close();
    }
  };

  it('lists, describes and shows snapshots, history, files and refs, as aligned text and as JSON', async () => {
    const list = await lakehouse('list');
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /^table +snapshots +current_snapshot_id/m);
    assert.match(list.stdout, /^demo\.trades +4 +\d+ +1 +16 +/m);
    const [listed] = await json('list');
    assert.equal(listed?.current_snapshot_id, snapshots[3]);

    const describe = await lakehouse('describe', 'demo.trades');
    assert.match(describe.stdout, /^schema \(id 0\):$/m);
    assert.match(describe.stdout, /^ +1 +id +long +true/m);
    assert.match(describe.stdout, /ts_day +ts +day/);
    const [described] = await json('describe', 'demo.trades');
    assert.equal((described?.schema as unknown[] | undefined)?.length, 4);

    const rows = await json('snapshots', 'demo.trades');
    assert.deepEqual(
      rows.map((r) => r.snapshot_id),
      snapshots,
    );
    assert.equal(rows[3]?.refs, 'main');
    const history = await json('history', 'demo.trades');
    assert.deepEqual(
      history.map((r) => r.snapshot_id),
      snapshots,
    );
    const files = await json('files', 'demo.trades', '--at', String(snapshots[0]));
    assert.equal(
      files.reduce((n, f) => n + Number(f.records), 0),
      4,
    );
    const text = await lakehouse('files', 'demo.trades');
    assert.match(text.stdout, /^data\/ts_day=2024-01-01\/product=BTC-USD\//m);
    const refs = await json('refs', 'demo.trades');
    assert.deepEqual(
      refs.map((r) => [r.name, r.type]),
      [['main', 'branch']],
    );
  });

  it('names what is wrong and lists what exists: table, snapshot, ref, column', async () => {
    const table = await lakehouse('describe', 'demo.nope');
    assert.equal(table.status, 1);
    assert.match(table.stderr, /no table demo\.nope in catalog lakehouse .*tables: demo\.trades/);
    const snapshot = await lakehouse('files', 'demo.trades', '--at', '123');
    assert.match(
      snapshot.stderr,
      new RegExp(`no snapshot, branch or tag 123|no snapshot 123; snapshots: .*${snapshots[3]}`),
    );
    const rollback = await lakehouse('rollback', 'demo.trades', 'nope');
    assert.match(rollback.stderr, /no snapshot, branch or tag nope; refs: main \(branch\)/);
    const drop = await lakehouse('branch', 'drop', 'nope', 'demo.trades');
    assert.match(drop.stderr, /table demo\.trades has no branch nope; refs: main \(branch\)/);
    const column = await lakehouse('evolve', 'rename-column', 'demo.trades', 'nope', 'x');
    assert.match(column.stderr, /table demo\.trades has no column nope; columns: id, price, ts, product/);
    const pick = await lakehouse('cherry-pick', 'demo.trades', '99');
    assert.match(pick.stderr, /table demo\.trades has no snapshot 99; snapshots: /);
  });

  it('rollback moves main back to an ancestor; a tag keeps a snapshot by name', async () => {
    assert.equal((await lakehouse('tag', 'create', 'v3', 'demo.trades')).status, 0);
    const [rolled] = await json('rollback', 'demo.trades', String(snapshots[1]));
    assert.equal(rolled?.to_snapshot_id, snapshots[1]);
    assert.equal((await reload()).ref('main')?.snapshotId, snapshots[1]);
    assert.deepEqual(await count('SELECT count(*) FROM demo.trades'), [[8n]]);
    const forward = await lakehouse('rollback', 'demo.trades', 'v3');
    assert.match(
      forward.stderr,
      /cannot roll main of demo\.trades back to snapshot \d+: it is not an ancestor of main/,
    );
    // Forward again the way a branch is published: a branch at the tag, fast-forward main to it.
    await json('branch', 'create', 'back', 'demo.trades', '--at', 'v3');
    await json('fast-forward', 'main', 'back', 'demo.trades');
    await json('branch', 'drop', 'back', 'demo.trades');
    assert.equal((await reload()).ref('main')?.snapshotId, snapshots[3]);
    await lakehouse('tag', 'drop', 'v3', 'demo.trades');
    assert.equal((await reload()).ref('v3'), undefined);
  });

  it('branches like Nessie: create dev, write to it, inspect, fast-forward main, drop it; and cherry-pick', async () => {
    await json('branch', 'create', 'dev', 'demo.trades');
    const table = await reload();
    const onDev = await table
      .newAppend()
      .appendQuery(tradeRowsQuery(100, 102, `'ETH-USD'`))
      .toBranch('dev')
      .commit();
    assert.deepEqual(await count(`SELECT count(*) FROM demo.trades FOR VERSION AS OF 'dev'`), [[18n]]);
    assert.deepEqual(await count('SELECT count(*) FROM demo.trades'), [[16n]]);
    const devFiles = await json('files', 'demo.trades', '--at', 'dev');
    assert.equal(devFiles.length, 5);
    const [forwarded] = await json('fast-forward', 'main', 'dev', 'demo.trades');
    assert.equal(forwarded?.to_snapshot_id, onDev.snapshotId);
    assert.equal((await reload()).ref('main')?.snapshotId, onDev.snapshotId);
    await json('branch', 'drop', 'dev', 'demo.trades');
    assert.equal((await reload()).ref('dev'), undefined);

    await json('branch', 'create', 'audit', 'demo.trades');
    const staged = await (await reload())
      .newAppend()
      .appendQuery(tradeRowsQuery(200, 201, `'SOL-USD'`))
      .toBranch('audit')
      .commit();
    await (await reload())
      .newAppend()
      .appendQuery(tradeRowsQuery(300, 301, `'SOL-USD'`))
      .commit();
    const [picked] = await json('cherry-pick', 'demo.trades', String(staged.snapshotId));
    assert.equal(picked?.action, 'cherry-pick');
    assert.deepEqual(await count('SELECT count(*) FROM demo.trades'), [[20n]]);
    const again = await lakehouse('cherry-pick', 'demo.trades', String(staged.snapshotId));
    assert.match(again.stderr, /already in main/);
    const ff = await lakehouse('fast-forward', 'main', 'audit', 'demo.trades');
    assert.match(ff.stderr, /cannot fast-forward main of demo\.trades to audit/);
  });

  it('branches every pipeline table with --all: empty ones are skipped, then fast-forward and drop them all', async () => {
    await catalog.createNamespace('bronze');
    await catalog.createNamespace('silver');
    const bronze = await catalog.createTable('bronze.coinbase_events', tradesTableOptions());
    await bronze
      .newAppend()
      .appendQuery(tradeRowsQuery(0, 2, `'BTC-USD'`))
      .commit();
    await catalog.createTable('silver.trades', tradesTableOptions());
    const created = await json('branch', 'create', 'dev', '--all');
    assert.deepEqual(
      created.map((r) => [r.table, r.action]),
      [
        ['bronze.coinbase_events', 'create branch'],
        ['silver.trades', 'skipped: no snapshot yet'],
      ],
    );
    const onDev = await (await catalog.loadTable('bronze.coinbase_events'))
      .newAppend()
      .appendQuery(tradeRowsQuery(2, 3, `'BTC-USD'`))
      .toBranch('dev')
      .commit();
    await (await catalog.loadTable('silver.trades'))
      .newAppend()
      .appendQuery(tradeRowsQuery(0, 1, `'X'`))
      .toBranch('dev')
      .commit();
    const forwarded = await json('fast-forward', 'main', 'dev', '--all');
    assert.deepEqual(
      forwarded.map((r) => r.table),
      ['bronze.coinbase_events', 'silver.trades'],
    );
    assert.equal((await catalog.loadTable('bronze.coinbase_events')).ref('main')?.snapshotId, onDev.snapshotId);
    await json('branch', 'drop', 'dev', '--all');
    for (const name of ['bronze.coinbase_events', 'silver.trades'])
      assert.equal((await catalog.loadTable(name)).ref('dev'), undefined, name);
    const both = await lakehouse('branch', 'create', 'x', 'demo.trades', '--all');
    assert.match(both.stderr, /name the tables or give --all, not both/);
  });

  it('evolves the schema and the partitioning; the engine reads old and new files', async () => {
    assert.equal((await lakehouse('evolve', 'add-column', 'demo.trades', 'venue', 'string')).status, 0);
    await lakehouse('evolve', 'rename-column', 'demo.trades', 'price', 'px');
    await lakehouse('evolve', 'move-column', 'demo.trades', 'product', '--first');
    await lakehouse('evolve', 'make-optional', 'demo.trades', 'id');
    const widen = await lakehouse('evolve', 'widen-column', 'demo.trades', 'px', 'decimal(20, 8)');
    assert.equal(widen.status, 0, widen.stderr);
    const [spec] = [await json('evolve', 'replace-partition', 'demo.trades', 'ts_day', 'ts', 'month')];
    assert.deepEqual(
      spec.map((f) => f.name),
      ['product', 'ts_month'],
    );
    const table = await reload();
    assert.deepEqual(
      table.schema().fields.map((f) => f.name),
      ['product', 'id', 'px', 'ts', 'venue'],
    );
    await table
      .newAppend()
      .appendQuery(
        `SELECT 'ADA-USD' AS product, 900::BIGINT AS id, 1.5::DECIMAL(20, 8) AS px, TIMESTAMPTZ '2024-03-01 00:00:00+00' AS ts, 'cb' AS venue`,
      )
      .commit();
    await lakehouse('evolve', 'drop-column', 'demo.trades', 'venue');
    assert.deepEqual(await count(`SELECT count(*), count(px) FROM demo.trades WHERE id = 900 OR id < 4`), [[5n, 5n]]);
    const bad = await lakehouse('evolve', 'widen-column', 'demo.trades', 'px', 'int');
    assert.match(bad.stderr, /cannot change px of demo\.trades/);
  });

  it('compacts, expires snapshots and their unreferenced files, and removes only old orphans', async () => {
    for (let i = 0; i < 2; i += 1)
      await (await reload())
        .newAppend()
        .appendQuery(
          `SELECT 'ADA-USD' AS product, 910::BIGINT AS id, 1.0::DECIMAL(20, 8) AS px, TIMESTAMPTZ '2024-03-02 00:00:00+00' AS ts`,
        )
        .commit();
    const [compacted] = await json('compact', 'demo.trades');
    assert.ok(Number(compacted?.rewritten_files) > 0);
    const before = (await reload()).snapshots().length;
    const dry = await json('expire', 'demo.trades', '--older-than', '0ms', '--dry-run');
    assert.ok(dry.length > 0);
    assert.equal((await reload()).snapshots().length, before);
    const [expired] = await json('expire', 'demo.trades', '--older-than', '0ms');
    assert.equal(expired?.expired_snapshots, dry.length);
    assert.ok(Number(expired?.deleted_files) > 0);
    const table = await reload();
    assert.equal(table.snapshots().length, before - dry.length);
    assert.deepEqual(await count('SELECT count(*) FROM demo.trades'), [[23n]]);

    const dir = localPathOf(table.location());
    const old = path.join(dir, 'data', 'orphan-old.parquet');
    const young = path.join(dir, 'data', 'orphan-young.parquet');
    await writeFile(old, 'x');
    await writeFile(young, 'x');
    const fourDays = new Date(Date.now() - 4 * 86_400_000);
    await utimes(old, fourDays, fourDays);
    const listed = await json('remove-orphans', 'demo.trades', '--dry-run');
    assert.deepEqual(
      listed.map((r) => r.path),
      [old],
    );
    const removed = await lakehouse('remove-orphans', 'demo.trades');
    assert.match(removed.stdout, /1 orphan\(s\), 1 unreferenced file\(s\) within the grace period kept/);
    assert.deepEqual(await count('SELECT count(*) FROM demo.trades'), [[23n]]);
    const again = await json('remove-orphans', 'demo.trades', '--older-than', '0ms', '--dry-run');
    assert.deepEqual(
      again.map((r) => r.path),
      [young],
    );
  });
});
