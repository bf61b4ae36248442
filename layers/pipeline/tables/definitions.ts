/**
 * The table contracts of docs/architecture.md as data: columns (with their DuckDB type) and partitioning.
 * Bronze and silver are defined here; each gold table by its model's contract in sql/gold/*.yml.
 * Iceberg types follow from the DuckDB ones (see IcebergTableStore's icebergType).
 */

import { PipelineError } from '../errors.js';
import { packageSqlDir, readContractsSync } from './contract.js';

export type ColumnType = 'varchar' | 'bigint' | 'integer' | 'double' | 'boolean' | 'timestamptz' | 'decimal' | 'quote';

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

/**
 * The gold tables, from their models' contracts (`sql/gold/<model>.yml`: columns and partitioning),
 * so a model's output, its table and its docs are declared in one place.
 */
export const goldTables: readonly TableDef[] = readContractsSync(packageSqlDir(), 'gold');

function goldTable(name: string): TableDef {
  const def = goldTables.find((table) => table.name === name);
  if (!def) throw new PipelineError(`sql/gold has no model ${name}`, false);
  return def;
}

export const goldOhlcv1m = goldTable('ohlcv_1m');
export const goldOhlcv1h = goldTable('ohlcv_1h');
export const goldDailyMetrics = goldTable('daily_metrics');
export const goldLatestPrices = goldTable('latest_prices');

/** The tables defined in code: bronze and silver (the gold models' sources). */
export const sourceTables: readonly TableDef[] = [bronzeEvents, silverTrades, silverTradesRejected];

/** One row per expectation evaluated: audits of commits, scheduled whole-table runs, candle reconciliation. */
export const opsQualityResults: TableDef = {
  namespace: 'ops',
  name: 'quality_results',
  columns: [
    col('evaluated_at', 'timestamptz', 'when the expectation was evaluated', true),
    col('table_name', 'varchar', 'audited table (namespace.table)', true),
    col('snapshot_id', 'varchar', 'audited snapshot (null for an empty table)'),
    col('scope', 'varchar', 'commit (new rows of one commit), table (whole table) or reconciliation', true),
    col('suite', 'varchar', 'suite file, or the reconciliation source', true),
    col('expectation', 'varchar', 'what is expected', true),
    col('expectation_type', 'varchar', 'Great Expectations type (or coinbase_candles_match)', true),
    col('severity', 'varchar', 'blocking or warning', true),
    col('passed', 'boolean', 'whether the expectation held', true),
    col('observed', 'varchar', 'unexpected row count, observed value, or why it could not be evaluated', true),
    col('sample', 'varchar', 'up to 5 unexpected rows as a JSON array', true),
  ],
  partitionBy: [{ column: 'evaluated_at', transform: 'day' }],
};

export const pipelineTables: readonly TableDef[] = [...sourceTables, ...goldTables, opsQualityResults];
