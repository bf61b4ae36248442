/**
 * The table contracts of design.md as data: columns (with their DuckDB type), partitioning and
 * the row key. Iceberg types follow from the DuckDB ones (see columnIcebergType).
 */

import { PipelineError } from '../errors.js';

export type ColumnType = 'varchar' | 'bigint' | 'integer' | 'double' | 'timestamptz' | 'decimal' | 'quote';

/** Prices and sizes: exact decimals with up to 10 fractional digits (Coinbase sends at most 8). */
export const DECIMAL_PRECISION = 38;
export const DECIMAL_SCALE = 10;
export const DECIMAL_SQL = `DECIMAL(${DECIMAL_PRECISION},${DECIMAL_SCALE})`;
/** price * size keeps both scales, so quote volumes stay exact. */
export const QUOTE_SCALE = 2 * DECIMAL_SCALE;
export const QUOTE_SQL = `DECIMAL(${DECIMAL_PRECISION},${QUOTE_SCALE})`;

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly required?: boolean;
  readonly doc: string;
}

export interface PartitionDef {
  readonly column: string;
  readonly transform: 'identity' | 'day' | 'month';
}

export interface TableDef {
  readonly namespace: string;
  readonly name: string;
  readonly columns: readonly ColumnDef[];
  readonly partitionBy: readonly PartitionDef[];
}

export function qualifiedName(def: TableDef): string {
  return `${def.namespace}.${def.name}`;
}

/** The definition of a pipeline table by its qualified name (namespace.name). */
export function tableNamed(name: string): TableDef {
  const def = pipelineTables.find((table) => qualifiedName(table) === name);
  if (!def) throw new PipelineError(`no table definition for ${name}`, false);
  return def;
}

export function columnSqlType(column: ColumnDef): string {
  if (column.type === 'decimal') return DECIMAL_SQL;
  if (column.type === 'quote') return QUOTE_SQL;
  return column.type.toUpperCase();
}

const col = (name: string, type: ColumnType, doc: string, required = false): ColumnDef => ({
  name,
  type,
  doc,
  required,
});

export const bronzeEvents: TableDef = {
  namespace: 'bronze',
  name: 'coinbase_events',
  columns: [
    col('received_at', 'timestamptz', 'producer receipt time (Kafka header received_at, else record timestamp)', true),
    col('exchange_time', 'timestamptz', 'frame time; null when absent or unparseable'),
    col('event_type', 'varchar', 'frame type (match, ticker, market_trades, ...)'),
    col('product_id', 'varchar', 'product of the frame'),
    col('trade_id', 'bigint', 'trade id of a single-trade frame'),
    col('sequence', 'bigint', 'feed sequence number'),
    col('source', 'varchar', 'exchange, advanced-trade, simulator or replay', true),
    col('raw', 'varchar', 'the exact frame text', true),
    col('kafka_topic', 'varchar', 'lineage: topic', true),
    col('kafka_partition', 'integer', 'lineage: partition', true),
    col('kafka_offset', 'bigint', 'lineage: offset', true),
    col('kafka_timestamp', 'timestamptz', 'Kafka record timestamp'),
    col('parse_error', 'varchar', 'why the frame is not valid JSON with a type; null when it is'),
    col('ingested_at', 'timestamptz', 'when bronzeWriter built the row', true),
  ],
  partitionBy: [{ column: 'received_at', transform: 'day' }],
};

export const silverTrades: TableDef = {
  namespace: 'silver',
  name: 'trades',
  columns: [
    col('product_id', 'varchar', 'product', true),
    col('trade_id', 'bigint', 'Coinbase trade id (unique per product)', true),
    col('price', 'decimal', 'trade price, exact', true),
    col('size', 'decimal', 'trade size in base currency, exact', true),
    col('maker_side', 'varchar', 'maker order side as Coinbase reports it (buy or sell)', true),
    col('taker_side', 'varchar', 'the opposite of maker_side', true),
    col('exchange_time', 'timestamptz', 'trade time at the exchange', true),
    col('received_at', 'timestamptz', 'producer receipt time', true),
    col('ingest_latency_ms', 'bigint', 'received_at - exchange_time in milliseconds', true),
    col('source', 'varchar', 'feed the frame came from', true),
    col('event_type', 'varchar', 'match, last_match or market_trades', true),
    col('bronze_kafka_topic', 'varchar', 'lineage: bronze row topic', true),
    col('bronze_kafka_partition', 'integer', 'lineage: bronze row partition', true),
    col('bronze_kafka_offset', 'bigint', 'lineage: bronze row offset', true),
    col('promoted_at', 'timestamptz', 'when silverPromoter wrote the row', true),
  ],
  partitionBy: [
    { column: 'exchange_time', transform: 'day' },
    { column: 'product_id', transform: 'identity' },
  ],
};

export const silverTradesRejected: TableDef = {
  namespace: 'silver',
  name: 'trades_rejected',
  columns: [
    col('received_at', 'timestamptz', 'producer receipt time', true),
    col('event_type', 'varchar', 'frame type when known'),
    col('product_id', 'varchar', 'product when known'),
    col('trade_id', 'varchar', 'trade id text when present'),
    col('reason', 'varchar', 'why the frame was rejected', true),
    col('raw', 'varchar', 'the exact frame text', true),
    col('bronze_kafka_topic', 'varchar', 'lineage: bronze row topic', true),
    col('bronze_kafka_partition', 'integer', 'lineage: bronze row partition', true),
    col('bronze_kafka_offset', 'bigint', 'lineage: bronze row offset', true),
    col('rejected_at', 'timestamptz', 'when silverPromoter rejected it', true),
  ],
  partitionBy: [{ column: 'received_at', transform: 'day' }],
};

const ohlcvColumns: readonly ColumnDef[] = [
  col('product_id', 'varchar', 'product', true),
  col('bucket_start', 'timestamptz', 'bucket start (exchange time)', true),
  col('open', 'decimal', 'price of the lowest trade_id in the bucket', true),
  col('high', 'decimal', 'highest price', true),
  col('low', 'decimal', 'lowest price', true),
  col('close', 'decimal', 'price of the highest trade_id in the bucket', true),
  col('volume', 'decimal', 'sum of sizes', true),
  col('quote_volume', 'quote', 'sum of price * size, exact', true),
  col('vwap', 'decimal', 'quote_volume / volume, rounded half up to 10 digits', true),
  col('trade_count', 'bigint', 'trades in the bucket', true),
  col('first_trade_id', 'bigint', 'lowest trade_id', true),
  col('last_trade_id', 'bigint', 'highest trade_id', true),
  col('buy_volume', 'decimal', 'volume where the taker bought', true),
  col('sell_volume', 'decimal', 'volume where the taker sold', true),
];

export const goldOhlcv1m: TableDef = {
  namespace: 'gold',
  name: 'ohlcv_1m',
  columns: ohlcvColumns,
  partitionBy: [{ column: 'bucket_start', transform: 'day' }],
};

export const goldOhlcv1h: TableDef = {
  namespace: 'gold',
  name: 'ohlcv_1h',
  columns: ohlcvColumns,
  partitionBy: [{ column: 'bucket_start', transform: 'month' }],
};

export const goldDailyMetrics: TableDef = {
  namespace: 'gold',
  name: 'daily_metrics',
  columns: [
    col('product_id', 'varchar', 'product', true),
    col('day', 'timestamptz', 'UTC day start', true),
    col('open', 'decimal', 'first trade price of the day', true),
    col('high', 'decimal', 'highest price', true),
    col('low', 'decimal', 'lowest price', true),
    col('close', 'decimal', 'last trade price of the day', true),
    col('volume', 'decimal', 'sum of sizes', true),
    col('quote_volume', 'quote', 'sum of price * size, exact', true),
    col('vwap', 'decimal', 'quote_volume / volume, rounded half up to 10 digits', true),
    col('trade_count', 'bigint', 'trades in the day', true),
    col('buy_volume', 'decimal', 'taker buy volume', true),
    col('sell_volume', 'decimal', 'taker sell volume', true),
    col('realized_volatility', 'double', 'sample standard deviation of 1-minute log returns (null under 2 returns)'),
    col('max_drawdown', 'double', 'largest peak-to-trough fall of 1-minute closes, as a fraction', true),
    col('latency_p50_ms', 'bigint', 'median ingest latency (nearest rank)', true),
    col('latency_p95_ms', 'bigint', '95th percentile ingest latency (nearest rank)', true),
  ],
  partitionBy: [{ column: 'day', transform: 'month' }],
};

export const goldLatestPrices: TableDef = {
  namespace: 'gold',
  name: 'latest_prices',
  columns: [
    col('product_id', 'varchar', 'product', true),
    col('last_price', 'decimal', 'price of the latest trade (highest trade_id)', true),
    col('last_trade_id', 'bigint', 'its trade id', true),
    col('last_time', 'timestamptz', 'its exchange time', true),
    col('open_24h', 'decimal', 'first trade of the 24 h window ending at last_time', true),
    col('high_24h', 'decimal', 'highest price in the window', true),
    col('low_24h', 'decimal', 'lowest price in the window', true),
    col('volume_24h', 'decimal', 'sum of sizes in the window', true),
    col('change_24h', 'decimal', 'last_price - open_24h', true),
    col('change_24h_pct', 'double', 'change_24h / open_24h * 100', true),
    col('change_1h', 'decimal', 'last_price - first trade price of the 1 h window', true),
    col('change_1m', 'decimal', 'last_price - first trade price of the 1 min window', true),
    col('trade_count_24h', 'bigint', 'trades in the window', true),
  ],
  partitionBy: [],
};

export const pipelineTables: readonly TableDef[] = [
  bronzeEvents,
  silverTrades,
  silverTradesRejected,
  goldOhlcv1m,
  goldOhlcv1h,
  goldDailyMetrics,
  goldLatestPrices,
];
