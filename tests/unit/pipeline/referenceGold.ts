/**
 * An independent TypeScript computation of the gold models from a list of trades (exact bigint
 * decimals), for tests to compare with what the SQL models produced.
 */
import { format, SCALE, units, vwap } from './exactDecimal.js';

export interface RefTrade {
  readonly product_id: string;
  readonly trade_id: bigint;
  readonly price: string;
  readonly size: string;
  readonly taker_side: 'buy' | 'sell';
  readonly exchange_time_us: bigint;
  readonly ingest_latency_ms?: bigint;
}

export interface RefCandle {
  product_id: string;
  bucket_start_us: bigint;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quote_volume: string;
  vwap: string;
  trade_count: number;
  first_trade_id: bigint;
  last_trade_id: bigint;
  buy_volume: string;
  sell_volume: string;
}

export function candles(trades: readonly RefTrade[], bucketUs: bigint): RefCandle[] {
  const groups = new Map<string, RefTrade[]>();
  for (const trade of trades) {
    const bucket = trade.exchange_time_us - (trade.exchange_time_us % bucketUs);
    const key = `${trade.product_id}|${bucket}`;
    const list = groups.get(key) ?? [];
    list.push(trade);
    groups.set(key, list);
  }
  const result: RefCandle[] = [];
  for (const [key, list] of groups) {
    const [product, bucket] = key.split('|') as [string, string];
    const sorted = [...list].sort((a, b) => (a.trade_id < b.trade_id ? -1 : 1));
    let high = units((sorted[0] as RefTrade).price);
    let low = high;
    let volume = 0n;
    let quote = 0n;
    let buy = 0n;
    let sell = 0n;
    for (const trade of sorted) {
      const price = units(trade.price);
      const size = units(trade.size);
      if (price > high) high = price;
      if (price < low) low = price;
      volume += size;
      quote += price * size;
      if (trade.taker_side === 'buy') buy += size;
      else sell += size;
    }
    const first = sorted[0] as RefTrade;
    const last = sorted[sorted.length - 1] as RefTrade;
    result.push({
      product_id: product,
      bucket_start_us: BigInt(bucket),
      open: format(units(first.price)),
      high: format(high),
      low: format(low),
      close: format(units(last.price)),
      volume: format(volume),
      quote_volume: format(quote, 2 * SCALE),
      vwap: format(vwap(quote, volume)),
      trade_count: sorted.length,
      first_trade_id: first.trade_id,
      last_trade_id: last.trade_id,
      buy_volume: format(buy),
      sell_volume: format(sell),
    });
  }
  return result.sort((a, b) =>
    a.product_id === b.product_id
      ? Number(a.bucket_start_us - b.bucket_start_us)
      : a.product_id.localeCompare(b.product_id),
  );
}

export interface RefDaily {
  product_id: string;
  day_us: bigint;
  candle: RefCandle;
  realized_volatility: number | null;
  max_drawdown: number;
  latency_p50_ms: bigint;
  latency_p95_ms: bigint;
}

function nearestRank(sorted: readonly bigint[], q: number): bigint {
  const index = Math.max(0, Math.ceil(sorted.length * q) - 1);
  return sorted[index] as bigint;
}

export function dailyMetrics(trades: readonly RefTrade[]): RefDaily[] {
  const days = candles(trades, 86_400_000_000n);
  const minutes = candles(trades, 60_000_000n);
  return days.map((day) => {
    const closes = minutes
      .filter(
        (m) =>
          m.product_id === day.product_id &&
          m.bucket_start_us - (m.bucket_start_us % 86_400_000_000n) === day.bucket_start_us,
      )
      .map((m) => m.close);
    const returns: number[] = [];
    for (let i = 1; i < closes.length; i += 1) returns.push(Math.log(Number(closes[i]) / Number(closes[i - 1])));
    let volatility: number | null = null;
    if (returns.length >= 2) {
      const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
      volatility = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / (returns.length - 1));
    }
    let peak = units(closes[0] as string);
    let drawdown = 0;
    for (const close of closes) {
      const value = units(close);
      if (value > peak) peak = value;
      const fall = Number(format(peak - value)) / Number(format(peak));
      if (fall > drawdown) drawdown = fall;
    }
    const latencies = trades
      .filter(
        (t) =>
          t.product_id === day.product_id &&
          t.exchange_time_us - (t.exchange_time_us % 86_400_000_000n) === day.bucket_start_us,
      )
      .map((t) => t.ingest_latency_ms ?? 0n)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      product_id: day.product_id,
      day_us: day.bucket_start_us,
      candle: day,
      realized_volatility: volatility,
      max_drawdown: drawdown,
      latency_p50_ms: nearestRank(latencies, 0.5),
      latency_p95_ms: nearestRank(latencies, 0.95),
    };
  });
}

export interface RefLatest {
  product_id: string;
  last_price: string;
  last_trade_id: bigint;
  last_time_us: bigint;
  open_24h: string;
  high_24h: string;
  low_24h: string;
  volume_24h: string;
  change_24h: string;
  change_1h: string;
  change_1m: string;
  trade_count_24h: number;
}

const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const minOf = (a: bigint, b: bigint): bigint => (a < b ? a : b);

export function latestPrices(trades: readonly RefTrade[]): RefLatest[] {
  const products = [...new Set(trades.map((t) => t.product_id))].sort();
  return products.map((product) => {
    const all = trades.filter((t) => t.product_id === product).sort((a, b) => (a.trade_id < b.trade_id ? -1 : 1));
    const last = all[all.length - 1] as RefTrade;
    const within = (us: bigint) =>
      all.filter((t) => t.exchange_time_us > last.exchange_time_us - us && t.exchange_time_us <= last.exchange_time_us);
    const day = within(86_400_000_000n);
    const open = (list: readonly RefTrade[]) => units((list[0] as RefTrade).price);
    const lastPrice = units(last.price);
    const prices = day.map((t) => units(t.price));
    return {
      product_id: product,
      last_price: format(lastPrice),
      last_trade_id: last.trade_id,
      last_time_us: last.exchange_time_us,
      open_24h: format(open(day)),
      high_24h: format(prices.reduce(maxOf)),
      low_24h: format(prices.reduce(minOf)),
      volume_24h: format(day.reduce((sum, t) => sum + units(t.size), 0n)),
      change_24h: format(lastPrice - open(day)),
      change_1h: format(lastPrice - open(within(3_600_000_000n))),
      change_1m: format(lastPrice - open(within(60_000_000n))),
      trade_count_24h: day.length,
    };
  });
}
