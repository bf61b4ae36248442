/**
 * The engine over tables the project's own Iceberg library writes, in a temporary LAKEHOUSE_HOME:
 * catalog names, views refreshed on commit, Trino time travel, metadata tables, iceberg_* table
 * functions, information_schema, read-only enforcement, the file sandbox and the `lakehouse sql` CLI.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { loadConfig } from '../../../layers/config/index.js';
import {
  type LakehouseEngine,
  NotFoundError,
  openLakehouseEngine,
  QuerySyntaxError,
  ReadOnlyError,
} from '../../../layers/engine/index.js';
import { eq, newSchema, type Snapshot, type Table } from '../../../layers/iceberg/index.js';
import { main } from '../../../local/cli/main.js';
import { tradeRowsQuery, tradesTableOptions } from '../../helpers/tradesTable.js';

const run = promisify(execFile);

let home: string;
let lakehouse: LakehouseEngine;
let table: Table;
const snapshots: Snapshot[] = [];

async function rows(sql: string, schema?: string): Promise<unknown[][]> {
  const result = await lakehouse.engine.query(sql, schema === undefined ? {} : { schema });
  const out: unknown[][] = [];
  for await (const batch of result.batches) {
    for (const row of batch) out.push(row.map((v) => (v === null || typeof v !== 'object' ? v : String(v))));
  }
  return out;
}

/** Runs the CLI in this process with LAKEHOUSE_HOME set, capturing what it prints. */
async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = { home: process.env.LAKEHOUSE_HOME, out: process.stdout.write, err: process.stderr.write };
  let stdout = '';
  let stderr = '';
  process.env.LAKEHOUSE_HOME = home;
  process.stdout.write = ((chunk: string) => {
    stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => {
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'lakehouse', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    if (saved.home === undefined) delete process.env.LAKEHOUSE_HOME;
    else process.env.LAKEHOUSE_HOME = saved.home;
  }
}

async function scalar(sql: string, schema?: string): Promise<unknown> {
  return (await rows(sql, schema))[0]?.[0];
}

function trades(from: number, to: number): string {
  return tradeRowsQuery(from, to, "CASE WHEN i % 2 = 0 THEN 'BTC-USD' ELSE 'ETH-USD' END");
}

before(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'engine-lakehouse-'));
  lakehouse = await openLakehouseEngine(loadConfig({ LAKEHOUSE_HOME: home }));
  await lakehouse.catalog.createNamespace('gold');
  table = await lakehouse.catalog.createTable('gold.trades', tradesTableOptions());
  snapshots.push(await table.newAppend().appendQuery(trades(0, 8)).commit());
  await new Promise((resolve) => setTimeout(resolve, 5));
  snapshots.push(await table.newAppend().appendQuery(trades(8, 12)).commit());
  await table.manageSnapshots().createTag('first', snapshots[0]?.snapshotId).commit();
});

after(async () => {
  await lakehouse.close();
  await fs.rm(home, { recursive: true, force: true });
});

describe('engine over the lakehouse catalog', () => {
  it('addresses tables as namespace.table, iceberg.namespace.table and by session schema', async () => {
    assert.equal(await scalar('SELECT count(*) FROM gold.trades'), 12n);
    assert.equal(await scalar('SELECT count(*) FROM iceberg.gold.trades'), 12n);
    assert.equal(await scalar('SELECT count(*) FROM trades', 'gold'), 12n);
    assert.equal(await scalar(`SELECT price FROM gold.trades WHERE id = 3`), '3.75000000');
  });

  it('binds parameters to the placeholders of a query (values never enter its text)', async () => {
    const result = await lakehouse.engine.query(
      'SELECT id, price FROM gold.trades WHERE product = $1 AND id >= $2 ORDER BY id LIMIT 1',
      {},
      ['BTC-USD', 2n],
    );
    const found: unknown[][] = [];
    for await (const batch of result.batches) for (const row of batch) found.push(row.map((v) => String(v)));
    const expected = await rows(
      "SELECT id, price FROM gold.trades WHERE product = 'BTC-USD' AND id >= 2 ORDER BY id LIMIT 1",
    );
    assert.equal(found.length, 1);
    assert.deepEqual(
      found,
      expected.map((row) => row.map((v) => String(v))),
    );
    const quoted = await lakehouse.engine.query('SELECT count(*) FROM gold.trades WHERE product = ?', {}, [
      "BTC-USD' OR '1'='1",
    ]);
    for await (const batch of quoted.batches) assert.equal(batch[0]?.[0], 0n);
  });

  it('sees each commit on the next query and only committed snapshots', async () => {
    const writer = await lakehouse.catalog.loadTable('gold.trades');
    snapshots.push(await writer.newDelete(eq('product', 'ETH-USD')).commit());
    assert.equal(await scalar('SELECT count(*) FROM gold.trades'), 6n);
    assert.equal(await scalar(`SELECT count(*) FROM gold.trades WHERE product = 'ETH-USD'`), 0n);
  });

  it('time travels with FOR VERSION AS OF (snapshot id, tag) and FOR TIMESTAMP AS OF', async () => {
    const [first, second] = snapshots as [Snapshot, Snapshot];
    assert.equal(await scalar(`SELECT count(*) FROM gold.trades FOR VERSION AS OF ${first.snapshotId}`), 8n);
    assert.equal(
      await scalar(`SELECT count(*) FROM iceberg.gold.trades FOR VERSION AS OF 'first' t WHERE t.id < 100`),
      8n,
    );
    const at = new Date(second.timestampMs).toISOString().replace('T', ' ').replace('Z', ' UTC');
    assert.equal(await scalar(`SELECT count(*) FROM gold.trades FOR TIMESTAMP AS OF TIMESTAMP '${at}'`), 12n);
    // Both versions in one query.
    assert.deepEqual(
      await rows(
        `SELECT (SELECT count(*) FROM gold.trades FOR VERSION AS OF ${second.snapshotId}) - (SELECT count(*) FROM gold.trades) AS deleted`,
      ),
      [[6n]],
    );
    await assert.rejects(rows('SELECT * FROM gold.trades FOR VERSION AS OF 42'), NotFoundError);
    await assert.rejects(rows(`SELECT * FROM gold.trades FOR VERSION AS OF 'nope'`), NotFoundError);
    await assert.rejects(
      rows(`SELECT * FROM gold.trades FOR TIMESTAMP AS OF TIMESTAMP '2000-01-01 00:00:00 UTC'`),
      NotFoundError,
    );
  });

  it('reads after schema evolution by field id (renamed and added columns)', async () => {
    const writer = await lakehouse.catalog.loadTable('gold.trades');
    await writer.updateSchema().renameColumn('price', 'last_price').addColumn('venue', 'string').commit();
    assert.deepEqual(await rows('SELECT id, last_price, venue FROM gold.trades WHERE id = 2'), [
      [2n, '2.50000000', null],
    ]);
    // Time travel to a snapshot reads with that snapshot's schema.
    const [first] = snapshots as [Snapshot];
    assert.deepEqual(await rows(`SELECT price FROM gold.trades FOR VERSION AS OF ${first.snapshotId} WHERE id = 2`), [
      ['2.50000000'],
    ]);
  });

  it('serves Trino metadata tables with Trino column names', async () => {
    const snaps = await rows(
      `SELECT snapshot_id, parent_id, operation FROM gold."trades$snapshots" ORDER BY committed_at`,
    );
    assert.deepEqual(
      snaps,
      snapshots.map((s) => [s.snapshotId, s.parentSnapshotId ?? null, s.summary.operation]),
    );
    assert.equal(
      await scalar(
        `SELECT summary['added-records'] FROM "trades$snapshots" WHERE operation = 'append' ORDER BY committed_at LIMIT 1`,
        'gold',
      ),
      '8',
    );
    assert.deepEqual(
      await rows(`SELECT snapshot_id, is_current_ancestor FROM gold."trades$history" ORDER BY made_current_at`),
      snapshots.map((s) => [s.snapshotId, true]),
    );
    assert.deepEqual(await rows(`SELECT name, type FROM gold."trades$refs" ORDER BY name`), [
      ['first', 'TAG'],
      ['main', 'BRANCH'],
    ]);
    const files = await rows(
      `SELECT content, file_format, record_count, partition.product FROM gold."trades$files" ORDER BY file_path`,
    );
    assert.equal(
      files.reduce((sum, f) => sum + (f[2] as bigint), 0n),
      6n,
    );
    assert.ok(files.every((f) => f[0] === 0 && f[1] === 'PARQUET' && f[3] === 'BTC-USD'));
    assert.ok(((await scalar(`SELECT count(*) FROM gold."trades$manifests"`)) as bigint) >= 1n);
    assert.deepEqual(
      await rows(`SELECT partition.product, sum(record_count) FROM gold."trades$partitions" GROUP BY ALL`),
      [['BTC-USD', 6n]],
    );
  });

  it('offers iceberg_scan, iceberg_snapshots and iceberg_metadata on catalog names and metadata files', async () => {
    const [first] = snapshots as [Snapshot];
    assert.equal(await scalar(`SELECT count(*) FROM iceberg_scan('gold.trades')`), 6n);
    assert.equal(
      await scalar(`SELECT count(*) FROM iceberg_scan('gold.trades', snapshot_id => ${first.snapshotId})`),
      8n,
    );
    assert.equal(await scalar(`SELECT count(*) FROM iceberg_scan('gold.trades', ref => 'first')`), 8n);
    assert.equal(await scalar(`SELECT count(*) FROM iceberg_snapshots('gold.trades')`), BigInt(snapshots.length));
    const current = await lakehouse.catalog.loadTable('gold.trades');
    assert.equal(await scalar(`SELECT count(*) FROM iceberg_scan('${current.metadataLocation}')`), 6n);
    assert.equal(await scalar(`SELECT count(*) FROM iceberg_scan('${current.location()}')`), 6n);
    const statuses = await rows(`SELECT DISTINCT content FROM iceberg_metadata('gold.trades') ORDER BY 1`);
    assert.deepEqual(statuses, [['DATA']]);
  });

  it('works with information_schema, SHOW and DESCRIBE natively, with exact types', async () => {
    assert.deepEqual(
      await rows(
        `SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = 'iceberg' AND table_schema = 'gold'`,
      ),
      [['gold', 'trades']],
    );
    const described = await rows('DESCRIBE gold.trades');
    assert.deepEqual(
      described.map((r) => [r[0], r[1]]),
      [
        ['id', 'BIGINT'],
        ['last_price', 'DECIMAL(18,8)'],
        ['ts', 'TIMESTAMP WITH TIME ZONE'],
        ['product', 'VARCHAR'],
        ['venue', 'VARCHAR'],
      ],
    );
    assert.ok((await rows('SHOW TABLES FROM iceberg.gold')).some((r) => r[0] === 'trades'));
  });

  it('concurrent queries during commits each see exactly one committed snapshot', async () => {
    const ticks = await lakehouse.catalog.createTable('gold.ticks', {
      schema: newSchema([{ name: 'n', type: 'long' }]),
    });
    const seen: bigint[] = [];
    const readers = Array.from({ length: 12 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 15));
      seen.push((await scalar('SELECT count(*) FROM gold.ticks')) as bigint);
    });
    for (let i = 0; i < 4; i++)
      await ticks
        .newAppend()
        .appendQuery(`SELECT range AS n FROM range(${i * 3}, ${i * 3 + 3})`)
        .commit();
    await Promise.all(readers);
    assert.equal(seen.length, 12);
    for (const count of seen) assert.ok([0n, 3n, 6n, 9n, 12n].includes(count), `saw ${count} rows`);
    assert.equal(await scalar('SELECT count(*) FROM gold.ticks'), 12n);
  });

  it('a query stops when its signal aborts', async () => {
    const controller = new AbortController();
    const result = lakehouse.engine.query('SELECT count(*) FROM range(1000000000000) a', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(
      (async () => {
        for await (const _ of (await result).batches);
      })(),
      /INTERRUPT|cancel/i,
    );
  });

  it("reports SQL syntax errors as QuerySyntaxError with DuckDB's message", async () => {
    await assert.rejects(
      rows('SELEC 1'),
      (error: Error) => error instanceof QuerySyntaxError && /^Parser Error: syntax error/.test(error.message),
    );
  });

  it('is read-only: statements that change state are refused', async () => {
    for (const sql of [
      'CREATE TABLE iceberg.gold.x AS SELECT 1',
      'DROP VIEW iceberg.gold.trades',
      `COPY (SELECT 1) TO '${home}/x.csv'`,
      `ATTACH ':memory:' AS x`,
      'SET threads = 1',
    ]) {
      await assert.rejects(rows(sql), ReadOnlyError, sql);
    }
    assert.equal(await scalar('SELECT count(*) FROM gold.trades'), 6n);
  });

  it('with the sandbox, DuckDB reads only the warehouse and cache', async () => {
    const sandboxed = await openLakehouseEngine(loadConfig({ LAKEHOUSE_HOME: home }), { sandbox: true });
    try {
      const result = await sandboxed.engine.query('SELECT count(*) AS n FROM gold.trades');
      for await (const batch of result.batches) assert.deepEqual(batch, [[6n]]);
      await assert.rejects(sandboxed.engine.query(`SELECT * FROM read_csv('/etc/passwd')`), /Permission Error/);
      await assert.rejects(sandboxed.engine.query(`SELECT * FROM read_text('${home}/catalog.db')`), /Permission Error/);
      await assert.rejects(sandboxed.engine.query(`SELECT * FROM iceberg_scan('/etc/passwd')`), ReadOnlyError);
      const current = await lakehouse.catalog.loadTable('gold.trades');
      const result2 = await sandboxed.engine.query(`SELECT count(*) FROM iceberg_scan('${current.metadataLocation}')`);
      for await (const batch of result2.batches) assert.deepEqual(batch, [[6n]]);
    } finally {
      await sandboxed.close();
    }
  });

  it('lakehouse sql prints csv with a header, json lines and an aligned table', async () => {
    const query = 'SELECT id, last_price, product FROM gold.trades WHERE id IN (0, 2) ORDER BY id';
    // One real process through bin/lakehouse.js; the other formats in-process (DuckDB loads in ~2 s per process).
    const csv = await run(process.execPath, ['bin/lakehouse.js', 'sql', '--format', 'csv', query], {
      env: { ...process.env, LAKEHOUSE_HOME: home },
    });
    assert.equal(csv.stdout, 'id,last_price,product\n0,0.00000000,BTC-USD\n2,2.50000000,BTC-USD\n');
    const json = await cli(['sql', '--format', 'json', query]);
    assert.equal(json.code, 0);
    assert.deepEqual(
      json.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
      [
        { id: 0, last_price: '0.00000000', product: 'BTC-USD' },
        { id: 2, last_price: '2.50000000', product: 'BTC-USD' },
      ],
    );
    assert.deepEqual(await cli(['sql', 'SELECT count(*) AS n FROM trades', '--schema', 'gold']), {
      code: 0,
      stdout: ' n\n---\n 6\n(1 row)\n',
      stderr: '',
    });
    const failed = await cli(['sql', 'SELECT * FROM gold.nope']);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /^lakehouse sql: .*nope/);
  });
});
