import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { goldTables } from '../../../layers/pipeline/index.js';
import {
  CANDLE_WINDOW,
  candlesQuery,
  DAILY_METRICS_DAYS,
  dailyMetricsQuery,
  latestPricesQuery,
} from '../../../local/dashboard/marketQueries.js';
import { type TestDuckDB, testDuckDB } from './duckdbColumns.js';

/** Minute candles: BTC-USD every minute for 30 h from 2024-03-01, ETH-USD for its first 10 minutes only. */
const CANDLES = `SELECT p AS product_id, TIMESTAMPTZ '2024-03-01 00:00:00+00' + to_minutes(i) AS bucket_start,
    (100 + i)::DECIMAL(38,10) AS open, (101 + i)::DECIMAL(38,10) AS high, (99 + i)::DECIMAL(38,10) AS low,
    (100.5 + i)::DECIMAL(38,10) AS close, 1.25::DECIMAL(38,10) AS volume, 3::BIGINT AS trade_count
  FROM (VALUES ('BTC-USD', 1800), ('ETH-USD', 10)) v(p, n), range(n) r(i)`;

describe('market queries', () => {
  let db: TestDuckDB;
  before(async () => {
    db = await testDuckDB();
    await db.run('CREATE SCHEMA gold');
    await db.run(`CREATE TABLE gold.ohlcv_1m AS ${CANDLES}`);
    await db.run(`CREATE TABLE gold.ohlcv_1h AS SELECT * FROM gold.ohlcv_1m WHERE minute(bucket_start) = 0`);
    await db.run(`CREATE TABLE gold.daily_metrics AS
      SELECT 'BTC-USD' AS product_id, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_days(i) AS day, 1::DECIMAL(38,10) AS open,
        1::DECIMAL(38,10) AS high, 1::DECIMAL(38,10) AS low, 1::DECIMAL(38,10) AS close, 1::DECIMAL(38,10) AS volume,
        1::DECIMAL(38,10) AS vwap, 1::BIGINT AS trade_count, 0.01::DOUBLE AS realized_volatility, 0.02::DOUBLE AS max_drawdown,
        5::BIGINT AS latency_p50_ms, 9::BIGINT AS latency_p95_ms
      FROM range(45) r(i)`);
  });
  after(() => db.close());

  it("reads the 24 h of 1-minute candles ending at each product's own latest candle", async () => {
    const btc = await db.columns(candlesQuery('1m', 'BTC-USD').sql, candlesQuery('1m', 'BTC-USD').parameters);
    const times = btc.find((c) => c.name === 'bucket_start')?.values ?? [];
    assert.equal(times.length, 24 * 60);
    assert.equal(String(times[0]), '2024-03-01 06:00:00+00');
    assert.equal(String(times.at(-1)), '2024-03-02 05:59:00+00');
    const eth = await db.columns(candlesQuery('1m', 'ETH-USD').sql, candlesQuery('1m', 'ETH-USD').parameters);
    assert.equal(eth[0]?.values.length, 10, 'a product that stopped trading still shows its last day');
    assert.deepEqual(
      btc.map((c) => c.name),
      ['bucket_start', 'open', 'high', 'low', 'close', 'volume', 'trade_count'],
    );
  });

  it('reads 1-hour candles over 30 days', async () => {
    const query = candlesQuery('1h', 'BTC-USD');
    assert.equal(CANDLE_WINDOW['1h'].hours, 720);
    assert.equal((await db.columns(query.sql, query.parameters))[0]?.values.length, 30);
  });

  it('reads the most recent daily metrics first, at most DAILY_METRICS_DAYS', async () => {
    const query = dailyMetricsQuery('BTC-USD');
    const columns = await db.columns(query.sql, query.parameters);
    const days = columns.find((c) => c.name === 'day')?.values ?? [];
    assert.equal(days.length, DAILY_METRICS_DAYS);
    assert.equal(String(days[0]), '2024-02-14 00:00:00+00');
    for (const name of ['vwap', 'realized_volatility', 'max_drawdown']) assert.ok(columns.some((c) => c.name === name));
  });

  it('binds the product: its text never enters the SQL, and a quote in it matches nothing', async () => {
    const hostile = "BTC-USD' OR '1'='1";
    for (const query of [candlesQuery('1m', hostile), candlesQuery('1h', hostile), dailyMetricsQuery(hostile)]) {
      assert.ok(!query.sql.includes('BTC-USD'), query.sql);
      assert.equal(query.parameters[0], hostile);
      assert.equal((await db.columns(query.sql, query.parameters))[0]?.values.length, 0);
    }
  });

  it('reads only columns the gold contracts declare', () => {
    const columnsOf = (name: string) => new Set(goldTables.find((t) => t.name === name)?.columns.map((c) => c.name));
    const selected = (sql: string) =>
      (/SELECT([\s\S]*?)FROM/.exec(sql)?.[1] ?? '').split(',').map((part) => part.trim());
    for (const [model, sql] of [
      ['latest_prices', latestPricesQuery().sql],
      ['ohlcv_1m', candlesQuery('1m', 'x').sql],
      ['daily_metrics', dailyMetricsQuery('x').sql],
    ] as const) {
      for (const column of selected(sql)) assert.ok(columnsOf(model).has(column), `${model}.${column}`);
    }
  });
});
