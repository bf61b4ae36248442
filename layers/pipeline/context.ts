/**
 * What every pipeline step needs: the table store, a DuckDB connection, and how many times to retry
 * a step whose commit lost a race with another writer.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Suite } from '../quality/index.js';
import type { FeedLimits } from './feedLimits.js';
import type { HistoryBounds } from './maintenance/history.js';
import type { RecordedResult } from './quality/recordResults.js';
import type { TableStore } from './tables/TableStore.js';

export interface PipelineContext {
  readonly store: TableStore;
  readonly conn: DuckDBConnection;
  readonly commitRetries: number;
  /** Wall clock in epoch microseconds (injectable so tests can pin it). */
  readonly nowUs: () => bigint;
  /** Another connection of the same DuckDB instance, one per key (lets independent work run in parallel). */
  readonly connection?: (key: string) => Promise<DuckDBConnection>;
  /** Bounds on frames and trades (DEFAULT_FEED_LIMITS when absent). */
  readonly limits?: FeedLimits;
  /** History each table keeps (steps that change nothing still move their checkpoint within it). */
  readonly history?: HistoryBounds;
  /** Write-audit-publish: silver and gold commits pass their table's suite first (no gate when absent). */
  readonly gate?: QualityGate;
}

/** The expectation suite of each table, and where audit results go. */
export interface QualityGate {
  suiteFor(table: string): Suite | undefined;
  record(results: readonly RecordedResult[]): Promise<void>;
  /** Failed-audit branches a table keeps at most; keeping one more drops the oldest. */
  readonly failedAuditsKept: number;
}

/** Keys of a snapshot summary that belong to the pipeline (carried forward on every commit). */
export const PROPERTY_PREFIX = 'lakehouse.';
export const PROP_KAFKA_OFFSETS = 'lakehouse.kafka.offsets';
export const PROP_BRONZE_SNAPSHOT = 'lakehouse.bronze.snapshot-id';
export const PROP_SILVER_SNAPSHOT = 'lakehouse.silver.snapshot-id';
