/**
 * A temporary LAKEHOUSE_HOME with gold tables written by the project's Iceberg library (same columns
 * as the gold contracts): gold.latest_prices and a day of gold.ohlcv_1m candles per product. The
 * engine is the lakehouse engine in its sandboxed (gateway) configuration.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../../layers/config/index.js';
import { type LakehouseEngine, openLakehouseEngine } from '../../../../layers/engine/index.js';
import { day, newSchema, type Snapshot, type Table } from '../../../../layers/iceberg/index.js';

export const PRODUCTS = ['BTC-USD', 'ETH-USD', 'SOL-USD'] as const;
/** The UTC day the candles cover. */
export const CANDLE_DAY = '2024-03-01';

export interface LakehouseFixture {
  readonly home: string;
  readonly lakehouse: LakehouseEngine;
  readonly latestPrices: Table;
  readonly candles: Table;
  /** Snapshots of gold.latest_prices, oldest first. */
  readonly priceSnapshots: Snapshot[];
  close(): Promise<void>;
}

const price = 'decimal(18, 8)';
const volume = 'decimal(28, 8)';

/** SQL for latest_prices rows at a price level (one row per product). */
export function latestPricesSql(level: number): string {
  const values = PRODUCTS.map((p, i) => `('${p}', ${(level * (i + 1)).toFixed(8)})`).join(', ');
  return `SELECT product_id, base::DECIMAL(18,8) AS price, TIMESTAMPTZ '${CANDLE_DAY} 23:59:59.123456+00' AS last_trade_time,
      (base * 0.98)::DECIMAL(18,8) AS open_24h, (base * 1.02)::DECIMAL(18,8) AS high_24h, (base * 0.97)::DECIMAL(18,8) AS low_24h,
      1234.5::DECIMAL(28,8) AS volume_24h, (base * 0.02)::DECIMAL(18,8) AS change_24h, 2.04::DOUBLE AS change_pct_24h,
      0.01::DOUBLE AS change_pct_1m, 0.3::DOUBLE AS change_pct_1h
    FROM (VALUES ${values}) v(product_id, base)`;
}

/** SQL for one UTC day of 1-minute candles for every product. */
export function candlesSql(): string {
  return `SELECT p.product_id, TIMESTAMPTZ '${CANDLE_DAY} 00:00:00+00' + to_minutes(m.i) AS bucket_start,
      (100 + m.i * 0.01)::DECIMAL(18,8) AS open, (100.5 + m.i * 0.01)::DECIMAL(18,8) AS high,
      (99.5 + m.i * 0.01)::DECIMAL(18,8) AS low, (100.25 + m.i * 0.01)::DECIMAL(18,8) AS close,
      (10 + m.i % 7)::DECIMAL(28,8) AS volume, ((10 + m.i % 7) * 100.1)::DECIMAL(38,8) AS quote_volume,
      100.1::DECIMAL(18,8) AS vwap, (20 + m.i % 5)::BIGINT AS trade_count, (m.i * 100)::BIGINT AS first_trade_id,
      (m.i * 100 + 19)::BIGINT AS last_trade_id, 6::DECIMAL(28,8) AS buy_volume, (4 + m.i % 7)::DECIMAL(28,8) AS sell_volume
    FROM (VALUES ${PRODUCTS.map((p) => `('${p}')`).join(', ')}) p(product_id), range(1440) m(i)`;
}

export async function createLakehouseFixture(): Promise<LakehouseFixture> {
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'gateway-lakehouse-'));
  const lakehouse = await openLakehouseEngine(loadConfig({ LAKEHOUSE_HOME: home }), { sandbox: true });
  await lakehouse.catalog.createNamespace('gold');
  const latestPrices = await lakehouse.catalog.createTable('gold.latest_prices', {
    schema: newSchema([
      { name: 'product_id', type: 'string', required: true },
      { name: 'price', type: price },
      { name: 'last_trade_time', type: 'timestamptz' },
      { name: 'open_24h', type: price },
      { name: 'high_24h', type: price },
      { name: 'low_24h', type: price },
      { name: 'volume_24h', type: volume },
      { name: 'change_24h', type: price },
      { name: 'change_pct_24h', type: 'double' },
      { name: 'change_pct_1m', type: 'double' },
      { name: 'change_pct_1h', type: 'double' },
    ]),
  });
  const candles = await lakehouse.catalog.createTable('gold.ohlcv_1m', {
    schema: newSchema([
      { name: 'product_id', type: 'string', required: true },
      { name: 'bucket_start', type: 'timestamptz', required: true },
      { name: 'open', type: price },
      { name: 'high', type: price },
      { name: 'low', type: price },
      { name: 'close', type: price },
      { name: 'volume', type: volume },
      { name: 'quote_volume', type: 'decimal(38, 8)' },
      { name: 'vwap', type: price },
      { name: 'trade_count', type: 'long' },
      { name: 'first_trade_id', type: 'long' },
      { name: 'last_trade_id', type: 'long' },
      { name: 'buy_volume', type: volume },
      { name: 'sell_volume', type: volume },
    ]),
    partitionSpec: [{ source: 'bucket_start', transform: day }],
  });
  const priceSnapshots = [await latestPrices.newAppend().appendQuery(latestPricesSql(100)).commit()];
  await candles.newAppend().appendQuery(candlesSql()).commit();
  return {
    home,
    lakehouse,
    latestPrices,
    candles,
    priceSnapshots,
    close: async () => {
      await lakehouse.close();
      await fs.rm(home, { recursive: true, force: true });
    },
  };
}
