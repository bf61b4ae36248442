/**
 * The Pipeline Health's queries: per table, from its Iceberg metadata (Trino's `$snapshots` metadata
 * table: snapshots kept, data files and records of the newest snapshot, when it was committed), the
 * rejected trades by reason, and the latest quality results. Table names come from the pipeline's
 * table contracts, never from a request; names shown in results are bound as parameters.
 */
import { pipelineTables, qualifiedName } from '../../layers/pipeline/index.js';
import type { DashboardQuery } from './queryColumns.js';

/** Every table the pipeline writes, bronze first, as namespace.table. */
export const HEALTH_TABLES: readonly string[] = pipelineTables.map(qualifiedName);

export const REJECTED_TABLE = 'silver.trades_rejected';
export const QUALITY_TABLE = 'ops.quality_results';
/** Newest quality results shown. */
export const QUALITY_ROWS = 50;
/** Rejection reasons shown (most frequent first). */
export const REJECTED_REASONS = 20;

function snapshotsRelation(table: string): string {
  const [namespace, name] = table.split('.');
  return `"${namespace}"."${name}$snapshots"`;
}

/** One row per table: snapshots, data_files, records, last_commit. `tables` must exist. */
export function tableMetadataQuery(tables: readonly string[]): DashboardQuery {
  const unknown = tables.find((table) => !HEALTH_TABLES.includes(table));
  if (unknown !== undefined) throw new RangeError(`not a pipeline table: ${unknown}`);
  const branches = tables.map(
    (table, i) => `SELECT $${i + 1} AS table_name, count(*) AS snapshots,
        CAST(arg_max(summary['total-data-files'], committed_at) AS BIGINT) AS data_files,
        CAST(arg_max(summary['total-records'], committed_at) AS BIGINT) AS records,
        max(committed_at) AS last_commit
      FROM ${snapshotsRelation(table)}`,
  );
  return { sql: branches.join('\nUNION ALL\n'), parameters: tables };
}

export function rejectedTradesQuery(): DashboardQuery {
  return {
    sql: `SELECT reason, count(*) AS trades, max(received_at) AS last_received
      FROM ${REJECTED_TABLE} GROUP BY reason ORDER BY trades DESC, reason LIMIT $1`,
    parameters: [BigInt(REJECTED_REASONS)],
  };
}

export function qualityResultsQuery(): DashboardQuery {
  return {
    sql: `SELECT evaluated_at, table_name, scope, expectation, severity, passed, observed
      FROM ${QUALITY_TABLE} ORDER BY evaluated_at DESC, table_name, expectation LIMIT $1`,
    parameters: [BigInt(QUALITY_ROWS)],
  };
}
