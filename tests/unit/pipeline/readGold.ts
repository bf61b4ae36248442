/** Reads the gold tables back in the shapes of referenceGold.ts (decimals as exact text). */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { RefCandle, RefLatest } from './referenceGold.js';

const CANDLE_COLUMNS = `product_id, epoch_us(bucket_start), open::VARCHAR, high::VARCHAR, low::VARCHAR, close::VARCHAR,
  volume::VARCHAR, quote_volume::VARCHAR, vwap::VARCHAR, trade_count, first_trade_id, last_trade_id,
  buy_volume::VARCHAR, sell_volume::VARCHAR`;

function candle(row: readonly unknown[]): RefCandle {
  return {
    product_id: row[0] as string,
    bucket_start_us: row[1] as bigint,
    open: row[2] as string,
    high: row[3] as string,
    low: row[4] as string,
    close: row[5] as string,
    volume: row[6] as string,
    quote_volume: row[7] as string,
    vwap: row[8] as string,
    trade_count: Number(row[9]),
    first_trade_id: row[10] as bigint,
    last_trade_id: row[11] as bigint,
    buy_volume: row[12] as string,
    sell_volume: row[13] as string,
  };
}

export interface GoldRows {
  ohlcv1m: RefCandle[];
  ohlcv1h: RefCandle[];
  daily: {
    candle: Omit<RefCandle, 'first_trade_id' | 'last_trade_id'>;
    realized_volatility: number | null;
    max_drawdown: number;
    latency_p50_ms: bigint;
    latency_p95_ms: bigint;
  }[];
  latest: RefLatest[];
}

const GOLD_TABLES = ['ohlcv_1m', 'ohlcv_1h', 'daily_metrics', 'latest_prices'] as const;

/**
 * `relation(table)` names the relation holding gold.<table> on this connection; tables left out of
 * `only` come back empty.
 */
export async function readGold(
  conn: DuckDBConnection,
  relation: (table: string) => string,
  only: readonly (typeof GOLD_TABLES)[number][] = GOLD_TABLES,
): Promise<GoldRows> {
  const wanted = (table: string) => (only as readonly string[]).includes(table);
  const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRows();
  const candleRows = async (table: string) =>
    wanted(table)
      ? (await rows(`select ${CANDLE_COLUMNS} from "${relation(table)}" order by product_id, bucket_start`)).map(candle)
      : [];
  const daily = !wanted('daily_metrics')
    ? []
    : await rows(
        `select product_id, epoch_us(day), open::VARCHAR, high::VARCHAR, low::VARCHAR, close::VARCHAR, volume::VARCHAR,
            quote_volume::VARCHAR, vwap::VARCHAR, trade_count, 0, 0, buy_volume::VARCHAR, sell_volume::VARCHAR,
            realized_volatility, max_drawdown, latency_p50_ms, latency_p95_ms
     from "${relation('daily_metrics')}" order by product_id, day`,
      );
  const latest = !wanted('latest_prices')
    ? []
    : await rows(
        `select product_id, last_price::VARCHAR, last_trade_id, epoch_us(last_time), open_24h::VARCHAR, high_24h::VARCHAR,
            low_24h::VARCHAR, volume_24h::VARCHAR, change_24h::VARCHAR, change_1h::VARCHAR, change_1m::VARCHAR,
            trade_count_24h
     from "${relation('latest_prices')}" order by product_id`,
      );
  return {
    ohlcv1m: await candleRows('ohlcv_1m'),
    ohlcv1h: await candleRows('ohlcv_1h'),
    daily: daily.map((row) => {
      const { first_trade_id: _first, last_trade_id: _last, ...rest } = candle(row);
      return {
        candle: rest as Omit<RefCandle, 'first_trade_id' | 'last_trade_id'>,
        realized_volatility: row[14] as number | null,
        max_drawdown: row[15] as number,
        latency_p50_ms: row[16] as bigint,
        latency_p95_ms: row[17] as bigint,
      };
    }),
    latest: latest.map((row) => ({
      product_id: row[0] as string,
      last_price: row[1] as string,
      last_trade_id: row[2] as bigint,
      last_time_us: row[3] as bigint,
      open_24h: row[4] as string,
      high_24h: row[5] as string,
      low_24h: row[6] as string,
      volume_24h: row[7] as string,
      change_24h: row[8] as string,
      change_1h: row[9] as string,
      change_1m: row[10] as string,
      trade_count_24h: Number(row[11]),
    })),
  };
}
