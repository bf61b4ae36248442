/**
 * The gateway over the real lakehouse engine and Iceberg tables written by the project's library,
 * driven by trino-client: Trino time travel, metadata tables, iceberg_* functions, the engine's
 * own file sandbox (second wall), and readers seeing only committed snapshots while a writer commits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type QueryResult, Trino } from 'trino-client';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { SANDBOX_ESCAPES } from '../../unit/gateway/helpers/sandboxEscapes.js';
import { createLakehouseFixture, type LakehouseFixture, latestPricesSql } from './helpers/lakehouseFixture.js';

async function rows(trino: Trino, sql: string): Promise<unknown[][]> {
  const out: unknown[][] = [];
  let error: QueryResult['error'];
  for await (const result of await trino.query(sql)) {
    out.push(...(result.data ?? []));
    error = result.error ?? error;
  }
  if (error) throw new Error(`${error.errorName}: ${error.message}`);
  return out;
}

async function failure(trino: Trino, sql: string): Promise<QueryResult['error']> {
  let error: QueryResult['error'];
  for await (const result of await trino.query(sql)) error = result.error ?? error;
  return error;
}

describe('gateway over the lakehouse engine', () => {
  let fixture: LakehouseFixture;
  let gateway: Gateway;
  let trino: Trino;

  before(async () => {
    fixture = await createLakehouseFixture();
    gateway = await startGateway({ engine: fixture.lakehouse.engine, port: 0, pageRows: 500 });
    trino = Trino.create({ server: gateway.url, catalog: 'iceberg', schema: 'gold' });
  });
  after(async () => {
    await gateway.close();
    await fixture.close();
  });

  it('reads gold tables with exact decimals and Trino timestamps', async () => {
    const result = await rows(
      trino,
      "SELECT product_id, price, last_trade_time FROM gold.latest_prices WHERE product_id = 'ETH-USD'",
    );
    assert.deepEqual(result, [['ETH-USD', '200.00000000', '2024-03-01 23:59:59.123456 UTC']]);
    const candles = await rows(
      trino,
      "SELECT count(*), min(bucket_start), max(close) FROM iceberg.gold.ohlcv_1m WHERE product_id = 'BTC-USD'",
    );
    assert.deepEqual(candles, [[1440, '2024-03-01 00:00:00.000000 UTC', '114.64000000']]);
  });

  it('lists the catalog for browsers (SHOW, information_schema)', async () => {
    assert.deepEqual(await rows(trino, 'SHOW TABLES FROM iceberg.gold'), [['latest_prices'], ['ohlcv_1m']]);
    const columns = await rows(
      trino,
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'gold' AND table_name = 'latest_prices' AND column_name = 'price'",
    );
    assert.deepEqual(columns, [['price', 'decimal(18,8)']]);
  });

  it('time travels and reads metadata tables', async () => {
    const first = fixture.priceSnapshots[0];
    assert.ok(first);
    fixture.priceSnapshots.push(await fixture.latestPrices.newAppend().appendQuery(latestPricesSql(110)).commit());
    assert.deepEqual(await rows(trino, 'SELECT count(*) FROM gold.latest_prices'), [[6]]);
    assert.deepEqual(
      await rows(trino, `SELECT count(*) FROM gold.latest_prices FOR VERSION AS OF ${first.snapshotId}`),
      [[3]],
    );
    const at = new Date(first.timestampMs).toISOString().replace('T', ' ').replace('Z', ' UTC');
    assert.deepEqual(
      await rows(trino, `SELECT count(*) FROM gold.latest_prices FOR TIMESTAMP AS OF TIMESTAMP '${at}'`),
      [[3]],
    );
    // JavaScript clients parse JSON numbers as doubles, so the 64-bit id is compared as text.
    const snapshots = await rows(
      trino,
      'SELECT CAST(snapshot_id AS VARCHAR), operation FROM "latest_prices$snapshots" ORDER BY committed_at',
    );
    assert.equal(snapshots.length, 2);
    assert.equal(String(snapshots[0]?.[0]), String(first.snapshotId));
    const viaFunction = await rows(trino, "SELECT count(*) FROM iceberg_snapshots('gold.latest_prices')");
    assert.deepEqual(viaFunction, [[2]]);
    const files = await rows(trino, 'SELECT count(*) FROM gold."latest_prices$files"');
    assert.deepEqual(files, [[2]]);
  });

  it("keeps DuckDB's own file sandbox as a second wall behind the sandbox policy", async () => {
    assert.equal(gateway.sandbox.externalAccess, false);
    assert.equal(gateway.sandbox.configurationLocked, true);
    const { metadataDatabase } = gateway.sandbox;
    assert.equal(metadataDatabase.externalAccess, false);
    assert.equal(metadataDatabase.configurationLocked, true);
    // Nothing of the lakehouse: at most DuckDB's own spill directory, which it always adds.
    for (const dir of metadataDatabase.allowedDirectories) assert.match(dir, /\.tmp\/$/);
    await assert.rejects(
      fixture.lakehouse.engine.query("SELECT * FROM read_csv('/etc/passwd')"),
      /Permission|disabled|not allowed|read-only/i,
    );
    assert.equal((await failure(trino, "SELECT * FROM read_csv('/etc/passwd')"))?.errorName, 'PERMISSION_DENIED');
  });

  it('has every sandbox-escape attempt refused by the engine itself too (without the gateway routing)', async () => {
    const passed: string[] = [];
    for (const attempt of SANDBOX_ESCAPES) {
      try {
        const result = await fixture.lakehouse.engine.query(attempt.sql, { schema: 'gold', sandboxed: true });
        for await (const _ of result.batches) {
          // a refused statement never gets here
        }
        passed.push(attempt.sql);
      } catch {
        // refused, as it must be
      }
    }
    assert.deepEqual(passed, []);
  });

  it('shows readers only committed snapshots while a writer commits', async () => {
    const writer = fixture.lakehouse.catalog;
    await writer.createTable('gold.commits_probe', {
      schema: (await writer.loadTable('gold.latest_prices')).schema(),
    });
    const probe = await writer.loadTable('gold.commits_probe');
    const commits = 6;
    let writing = true;
    const written = (async () => {
      for (let i = 0; i < commits; i++)
        await probe
          .newAppend()
          .appendQuery(latestPricesSql(100 + i))
          .commit();
      writing = false;
    })();
    const seen: number[] = [];
    while (writing) {
      const [[count]] = (await rows(trino, 'SELECT count(*) FROM gold.commits_probe')) as [[number]];
      seen.push(count);
    }
    await written;
    const [[final]] = (await rows(trino, 'SELECT count(*) FROM gold.commits_probe')) as [[number]];
    assert.equal(final, commits * 3);
    for (const count of seen) assert.equal(count % 3, 0, `partial commit visible: ${count} rows`);
    for (let i = 1; i < seen.length; i++)
      assert.ok((seen[i] as number) >= (seen[i - 1] as number), 'snapshots went backwards');
  });

  it('streams a paged result from the snapshot the query started on, even across a commit', async () => {
    const iterator = await trino.query('SELECT product_id, bucket_start FROM gold.ohlcv_1m');
    const first = await iterator.next();
    let count = (first.value as QueryResult).data?.length ?? 0;
    await fixture.candles
      .newAppend()
      .appendQuery(
        "SELECT * FROM (SELECT 'NEW-USD' AS product_id, TIMESTAMPTZ '2024-03-02 00:00:00+00' AS bucket_start, NULL::DECIMAL(18,8) AS open, NULL::DECIMAL(18,8) AS high, NULL::DECIMAL(18,8) AS low, NULL::DECIMAL(18,8) AS close, NULL::DECIMAL(28,8) AS volume, NULL::DECIMAL(38,8) AS quote_volume, NULL::DECIMAL(18,8) AS vwap, NULL::BIGINT AS trade_count, NULL::BIGINT AS first_trade_id, NULL::BIGINT AS last_trade_id, NULL::DECIMAL(28,8) AS buy_volume, NULL::DECIMAL(28,8) AS sell_volume)",
      )
      .commit();
    for await (const result of iterator) count += result.data?.length ?? 0;
    assert.equal(count, 3 * 1440);
    assert.deepEqual(await rows(trino, 'SELECT count(*) FROM gold.ohlcv_1m'), [[3 * 1440 + 1]]);
  });
});
