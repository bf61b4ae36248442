/**
 * The pipeline's view of its tables: the few operations bronze, silver and gold need, behind one
 * interface so the storage (Iceberg through layers/iceberg, or DuckDB for unit tests) is one file.
 * Data moves as DuckDB relations: scans register a view, writes take a query.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableDef } from './definitions.js';
import type { KeptBranchBound } from './keptBranches.js';

export interface TableHead {
  /** The current snapshot, undefined for a table with no snapshot yet. */
  readonly snapshotId: string | undefined;
  /** Pipeline properties (keys starting with `lakehouse.`) of the newest snapshot that has any. */
  readonly properties: Readonly<Record<string, string>>;
  /** Snapshots the table's metadata holds (what its metadata file grows with). */
  readonly snapshotCount: number;
  /** Data files of the current snapshot (its summary's total); absent for a store that keeps no files. */
  readonly dataFiles?: number;
}

/**
 * Rows whose `keyColumn` equals one of the keys, each optionally limited to [from, to) on
 * `rangeColumn`; without a key column, rows in any of the ranges.
 */
export interface KeyRangeFilter {
  readonly keyColumn?: string;
  readonly rangeColumn?: string;
  readonly ranges: readonly { readonly key?: string; readonly fromUs?: bigint; readonly toUs?: bigint }[];
}

export interface CommitOptions {
  /** `lakehouse.*` properties recorded in the new snapshot's summary (carried forward by the caller). */
  readonly properties: Readonly<Record<string, string>>;
  /** The commit fails with CommitConflictError unless the table (main) is still at this snapshot. */
  readonly expectedSnapshotId: string | undefined;
  /**
   * Write-audit-publish: commit to this branch instead of main. The branch starts afresh at main's
   * `expectedSnapshotId`, so readers of main see nothing of the commit until `publish`.
   */
  readonly branch?: string;
}

/** Which snapshots expiry removes: those older than `olderThanMs`, and all but the newest `retainLast`. */
export interface ExpiryPolicy {
  readonly olderThanMs: number;
  readonly retainLast?: number;
  /** Snapshots a downstream step still reads from: kept, with everything committed after them. */
  readonly keep: readonly string[];
}

export interface ExpiryResult {
  readonly expiredSnapshots: number;
  /** Manifest lists, manifests and data files only the expired snapshots referenced. */
  readonly deletedFiles: number;
}

export interface CompactionSummary {
  /** Small data files replaced, and the files that replaced them (one `replace` snapshot). */
  readonly rewrittenFiles: number;
  readonly addedFiles: number;
}

export interface TableStore {
  /** Creates the table if absent (schema and partitioning from the definition). */
  ensure(def: TableDef): Promise<void>;
  head(def: TableDef): Promise<TableHead>;
  /** Registers `view` over the rows of the table's current snapshot, or `branch`'s head (narrowed by `filter` when given). */
  scan(conn: DuckDBConnection, def: TableDef, view: string, filter?: KeyRangeFilter, branch?: string): Promise<void>;
  /**
   * Registers `view` over the rows of main as of snapshot `snapshotId` (narrowed by `filter`), so
   * steps that read the same input in turn see one state of it.
   */
  scanAt(
    conn: DuckDBConnection,
    def: TableDef,
    view: string,
    snapshotId: string,
    filter?: KeyRangeFilter,
  ): Promise<void>;
  /**
   * Registers `view` over the rows appended after snapshot `fromExclusive` up to and including
   * `toInclusive` (which may be a branch's head: its lineage is read).
   */
  scanAppended(
    conn: DuckDBConnection,
    def: TableDef,
    view: string,
    fromExclusive: string | undefined,
    toInclusive: string,
  ): Promise<void>;
  /** Commits from `ancestorId` to `snapshotId` (0 when equal); undefined when it is not an ancestor. */
  commitsSince(def: TableDef, ancestorId: string, snapshotId: string): Promise<number | undefined>;
  /** Appends the query's rows; returns the new snapshot id. */
  append(conn: DuckDBConnection, def: TableDef, query: string, options: CommitOptions): Promise<string>;
  /** Atomically deletes the rows matching `filter` and appends the query's rows; returns the new snapshot id. */
  replace(
    conn: DuckDBConnection,
    def: TableDef,
    filter: KeyRangeFilter,
    query: string,
    options: CommitOptions,
  ): Promise<string>;
  /**
   * Moves main to `branch`'s head `stagedId` (a fast-forward) and removes the branch; CommitConflictError
   * when main is no longer at `expectedMainId` or another writer has since moved the branch.
   */
  publish(
    conn: DuckDBConnection,
    def: TableDef,
    branch: string,
    stagedId: string,
    expectedMainId: string | undefined,
  ): Promise<void>;
  /**
   * Keeps `branch`'s head under the branch name `as` (replacing an older one of that name) and
   * removes `branch`; with `bound`, also drops the oldest branches under its prefix past its max.
   */
  keepBranch(conn: DuckDBConnection, def: TableDef, branch: string, as: string, bound?: KeptBranchBound): Promise<void>;
  /** Expires the snapshots the policy names and deletes the files only they referenced. */
  expireSnapshots(def: TableDef, policy: ExpiryPolicy): Promise<ExpiryResult>;
  /** Rewrites partitions' many small data files as fewer large ones; rows and readers see no change. */
  compact(conn: DuckDBConnection, def: TableDef): Promise<CompactionSummary>;
  close(): Promise<void>;
}

/** The pipeline's names for the project's one SQL quoting (layers/duckdb/quote.ts). */
export { quoteIdentifier as quoteIdent, quoteString as quoteLiteral } from '../../duckdb/index.js';
