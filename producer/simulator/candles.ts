/**
 * Candles exactly as Coinbase builds them from trades: bucket by trade time (bucket start in epoch
 * seconds), open = price of the lowest trade_id in the bucket, close = the highest, volume = exact sum
 * of sizes; newest bucket first; no candle for a bucket without trades.
 */
import { addDecimals, compareDecimals, trimDecimal } from './decimal.js';
import type { SimTrade } from './Market.js';

export const GRANULARITIES = [60, 300, 900, 3600, 21600, 86400] as const;
export const MAX_CANDLES = 300;

export interface Candle {
  readonly time: number;
  readonly low: string;
  readonly high: string;
  readonly open: string;
  readonly close: string;
  readonly volume: string;
}

export function buildCandles(trades: readonly SimTrade[], granularity: number): Candle[] {
  const buckets = new Map<number, { low: string; high: string; open: SimTrade; close: SimTrade; volume: string }>();
  for (const trade of trades) {
    const seconds = Number(trade.time_us / 1_000_000n);
    const time = seconds - (seconds % granularity);
    const bucket = buckets.get(time);
    if (!bucket) {
      buckets.set(time, { low: trade.price, high: trade.price, open: trade, close: trade, volume: trade.size });
      continue;
    }
    if (compareDecimals(trade.price, bucket.low) < 0) bucket.low = trade.price;
    if (compareDecimals(trade.price, bucket.high) > 0) bucket.high = trade.price;
    if (trade.trade_id < bucket.open.trade_id) bucket.open = trade;
    if (trade.trade_id > bucket.close.trade_id) bucket.close = trade;
    bucket.volume = addDecimals(bucket.volume, trade.size);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => b - a)
    .map(([time, bucket]) => ({
      time,
      low: bucket.low,
      high: bucket.high,
      open: bucket.open.price,
      close: bucket.close.price,
      volume: bucket.volume,
    }));
}

/** Coinbase's JSON: `[[time, low, high, open, close, volume], ...]` with numbers written exactly. */
export function candlesJson(candles: readonly Candle[]): string {
  const rows = candles.map(
    (candle) =>
      `[${candle.time},${trimDecimal(candle.low)},${trimDecimal(candle.high)},${trimDecimal(candle.open)},${trimDecimal(candle.close)},${trimDecimal(candle.volume)}]`,
  );
  return `[${rows.join(',')}]`;
}
