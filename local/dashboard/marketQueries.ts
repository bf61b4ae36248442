/**
 * The Market Overview's queries over the gold models (sql/gold/*.yml name their columns). Windows end
 * at the product's latest candle, not at the wall clock, as gold.latest_prices' rolling 24 h does, so
 * a replay of history shows what the live run showed. The product is always a bound parameter.
 */
import type { DashboardQuery } from './queryColumns.js';

export type CandleInterval = '1m' | '1h';

/** How far back each candle chart reaches from the product's latest candle. */
export const CANDLE_WINDOW: Readonly<Record<CandleInterval, { table: string; hours: number }>> = {
  '1m': { table: 'gold.ohlcv_1m', hours: 24 },
  '1h': { table: 'gold.ohlcv_1h', hours: 24 * 30 },
};

/** Daily metrics shown per product (most recent days). */
export const DAILY_METRICS_DAYS = 30;

export function latestPricesQuery(): DashboardQuery {
  return {
    sql: `SELECT product_id, last_price, last_time, open_24h, high_24h, low_24h, volume_24h, change_24h,
        change_24h_pct, change_1h, change_1m, trade_count_24h
      FROM gold.latest_prices ORDER BY product_id`,
    parameters: [],
  };
}

export function candlesQuery(interval: CandleInterval, productId: string): DashboardQuery {
  const { table, hours } = CANDLE_WINDOW[interval];
  return {
    sql: `SELECT bucket_start, open, high, low, close, volume, trade_count
      FROM ${table}
      WHERE product_id = $1
        AND bucket_start > (SELECT max(bucket_start) FROM ${table} WHERE product_id = $1) - to_hours(CAST($2 AS BIGINT))
      ORDER BY bucket_start`,
    parameters: [productId, BigInt(hours)],
  };
}

export function dailyMetricsQuery(productId: string): DashboardQuery {
  return {
    sql: `SELECT day, open, high, low, close, volume, vwap, trade_count, realized_volatility, max_drawdown,
        latency_p50_ms, latency_p95_ms
      FROM gold.daily_metrics
      WHERE product_id = $1
      ORDER BY day DESC
      LIMIT $2`,
    parameters: [productId, BigInt(DAILY_METRICS_DAYS)],
  };
}
