/**
 * A TableStore that reports to PipelineMetrics what passes through it anyway: how long each commit
 * to main takes (an append or replace; for write-audit-publish, the staged write plus its publish,
 * so each observation is one commit readers see), and the snapshots and data files of every head it reads (the
 * steps read a table's head right after committing to it, to bound its history), so the metrics
 * cost no catalog read of their own.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { qualifiedName, type TableDef } from '../tables/definitions.js';
import type { KeptBranchBound } from '../tables/keptBranches.js';
import type {
  CommitOptions,
  CompactionSummary,
  ExpiryPolicy,
  ExpiryResult,
  KeyRangeFilter,
  TableHead,
  TableStore,
} from '../tables/TableStore.js';
import type { PipelineMetrics } from './PipelineMetrics.js';

export class MeteredTableStore implements TableStore {
  constructor(
    private readonly inner: TableStore,
    private readonly metrics: PipelineMetrics,
  ) {}

  /** Seconds spent writing to a branch (table, branch) that a publish has not yet moved to main. */
  private readonly staged = new Map<string, number>();

  private async timed<T>(def: TableDef, branch: string | undefined, commit: () => Promise<T>): Promise<T> {
    const table = qualifiedName(def);
    const started = performance.now();
    try {
      return await commit();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      if (branch === undefined) this.metrics.committed(table, seconds);
      else this.staged.set(`${table}@${branch}`, seconds);
    }
  }

  ensure(def: TableDef): Promise<void> {
    return this.inner.ensure(def);
  }

  async head(def: TableDef): Promise<TableHead> {
    const head = await this.inner.head(def);
    this.metrics.tableState(qualifiedName(def), head);
    return head;
  }

  scan(conn: DuckDBConnection, def: TableDef, view: string, filter?: KeyRangeFilter, branch?: string): Promise<void> {
    return this.inner.scan(conn, def, view, filter, branch);
  }

  scanAt(
    conn: DuckDBConnection,
    def: TableDef,
    view: string,
    snapshotId: string,
    filter?: KeyRangeFilter,
  ): Promise<void> {
    return this.inner.scanAt(conn, def, view, snapshotId, filter);
  }

  scanAppended(
    conn: DuckDBConnection,
    def: TableDef,
    view: string,
    fromExclusive: string | undefined,
    toInclusive: string,
  ): Promise<void> {
    return this.inner.scanAppended(conn, def, view, fromExclusive, toInclusive);
  }

  commitsSince(def: TableDef, ancestorId: string, snapshotId: string): Promise<number | undefined> {
    return this.inner.commitsSince(def, ancestorId, snapshotId);
  }

  append(conn: DuckDBConnection, def: TableDef, query: string, options: CommitOptions): Promise<string> {
    return this.timed(def, options.branch, () => this.inner.append(conn, def, query, options));
  }

  replace(
    conn: DuckDBConnection,
    def: TableDef,
    filter: KeyRangeFilter,
    query: string,
    options: CommitOptions,
  ): Promise<string> {
    return this.timed(def, options.branch, () => this.inner.replace(conn, def, filter, query, options));
  }

  async publish(
    conn: DuckDBConnection,
    def: TableDef,
    branch: string,
    stagedId: string,
    expectedMainId: string | undefined,
  ): Promise<void> {
    const key = `${qualifiedName(def)}@${branch}`;
    const stagedSeconds = this.staged.get(key) ?? 0;
    this.staged.delete(key);
    const started = performance.now();
    try {
      await this.inner.publish(conn, def, branch, stagedId, expectedMainId);
    } finally {
      this.metrics.committed(qualifiedName(def), stagedSeconds + (performance.now() - started) / 1000);
    }
  }

  keepBranch(
    conn: DuckDBConnection,
    def: TableDef,
    branch: string,
    as: string,
    bound?: KeptBranchBound,
  ): Promise<void> {
    return this.inner.keepBranch(conn, def, branch, as, bound);
  }

  expireSnapshots(def: TableDef, policy: ExpiryPolicy): Promise<ExpiryResult> {
    return this.inner.expireSnapshots(def, policy);
  }

  compact(conn: DuckDBConnection, def: TableDef): Promise<CompactionSummary> {
    return this.inner.compact(conn, def);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
