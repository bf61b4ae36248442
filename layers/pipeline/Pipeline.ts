/**
 * The three pipeline steps as one process sees them: each on its own DuckDB connection, silver and
 * gold single-flight, and every commit announced to the next step. Functions and the replay command
 * build one of these and call it.
 */
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { nowMicros } from '../coinbase/index.js';
import type { DecodedRecord } from '../kafka/index.js';
import { loadSuites, type Suite } from '../quality/index.js';
import { type BronzeWriteResult, writeBronze } from './bronze/writeBronze.js';
import type { CommitNotifier } from './chain/CommitNotifier.js';
import type { PipelineContext, QualityGate } from './context.js';
import { PipelineError } from './errors.js';
import { DEFAULT_FEED_LIMITS, type FeedLimits } from './feedLimits.js';
import { buildGold, type GoldBuildResult } from './gold/buildGold.js';
import { loadModelProject, type ModelProject, modelNamed, projectTables } from './gold/ModelProject.js';
import { DEFAULT_MAX_SNAPSHOTS, type HistoryBounds, trimHistory } from './maintenance/history.js';
import { type MaintenanceResult, maintainTables } from './maintenance/maintainTables.js';
import { MeteredTableStore } from './metrics/MeteredTableStore.js';
import { type PipelineMetrics, pipelineMetrics } from './metrics/PipelineMetrics.js';
import { auditTables } from './quality/auditTables.js';
import { ResultBuffer } from './quality/ResultBuffer.js';
import { type ReconcileOptions, reconcileWithExchange } from './quality/reconcileWithExchange.js';
import { type RecordedResult, recordResults } from './quality/recordResults.js';
import { DEFAULT_FAILED_AUDITS_KEPT } from './quality/writeAuditPublish.js';
import { promoteSilver, type SilverPromoteResult } from './silver/promoteSilver.js';
import { SingleFlight } from './singleFlight.js';
import {
  bronzeEvents,
  opsQualityResults,
  qualifiedName,
  silverTrades,
  silverTradesRejected,
} from './tables/definitions.js';
import type { TableStore } from './tables/TableStore.js';

export interface PipelineOptions {
  readonly duckdb: DuckDBInstance;
  readonly store: TableStore;
  readonly sqlDir: string;
  readonly commitRetries: number;
  readonly notifier: CommitNotifier;
  /** How long snapshots stay readable (time travel, incremental reads) before maintenance expires them. */
  readonly snapshotRetentionMs: number;
  /** Bounds on frames and trades; DEFAULT_FEED_LIMITS (the configuration's defaults) when absent. */
  readonly limits?: FeedLimits;
  /** Expectation suites; default `<sqlDir>/quality`. */
  readonly suitesDir?: string;
  /**
   * Write-audit-publish for silver and gold (default on): a commit reaches main only when its table's
   * blocking expectations pass. Off, suites run only on schedule (`auditTables`).
   */
  readonly qualityGate?: boolean;
  /** How long passing audit results may wait to be written together (default 60 s; failures at once). */
  readonly auditResultsMaxAgeMs?: number;
  /** Where warnings go (a blocked publication); JSON lines on stderr by default. */
  readonly warn?: (message: string) => void;
  /** Most snapshots a table keeps (default DEFAULT_MAX_SNAPSHOTS): commits trim their table's history. */
  readonly snapshotMaxCount?: number;
  /** Failed-audit branches a table keeps at most (default DEFAULT_FAILED_AUDITS_KEPT). */
  readonly failedAuditsKept?: number;
  /** Where records, commits and freshness are counted (default: the process's shared pipelineMetrics). */
  readonly metrics?: PipelineMetrics;
}

export class Pipeline {
  private readonly silver: SingleFlight<SilverPromoteResult>;
  private readonly gold: SingleFlight<GoldBuildResult>;
  private readonly maintenance: SingleFlight<MaintenanceResult>;
  private project: Promise<ModelProject> | undefined;
  private suites: Promise<Suite[]> | undefined;
  private readonly contexts = new Map<string, Promise<PipelineContext>>();
  private readonly auditResults: ResultBuffer;
  private gate: Promise<QualityGate | undefined> | undefined;

  private readonly history: HistoryBounds;
  private readonly metrics: PipelineMetrics;
  private readonly store: TableStore;

  constructor(private readonly options: PipelineOptions) {
    this.metrics = options.metrics ?? pipelineMetrics;
    this.store = new MeteredTableStore(options.store, this.metrics);
    this.history = {
      retentionMs: options.snapshotRetentionMs,
      maxSnapshots: options.snapshotMaxCount ?? DEFAULT_MAX_SNAPSHOTS,
    };
    this.auditResults = new ResultBuffer({
      write: async (results) => {
        const ctx = await this.context('quality-results');
        await recordResults(ctx, results);
        await trimHistory(ctx, opsQualityResults, this.history);
      },
      maxAgeMs: options.auditResultsMaxAgeMs ?? 60_000,
    });
    this.silver = new SingleFlight(async () => {
      const ctx = await this.context('silver');
      const result = await promoteSilver(ctx);
      this.countSilver(result);
      if (result.blocked) this.warn(result.blocked);
      if (result.rejectsWritten > 0) await trimHistory(ctx, silverTradesRejected, this.history);
      if (result.snapshotId !== undefined) {
        await trimHistory(ctx, silverTrades, this.history);
        if (result.tradesWritten > 0) await options.notifier.committed('silver.trades', result.snapshotId);
      }
      return result;
    });
    this.gold = new SingleFlight(async () => {
      const project = await this.modelProject();
      const ctx = await this.context('gold');
      const result = await buildGold(ctx, project);
      this.countGold(result);
      for (const blocked of result.blocked ?? []) this.warn(blocked);
      const tables = projectTables(project);
      for (const run of result.models) {
        await trimHistory(ctx, modelNamed(project, run.model).table, this.history, tables);
      }
      return result;
    });
    this.maintenance = new SingleFlight(async () =>
      maintainTables(
        await this.context('maintenance'),
        this.history.retentionMs,
        this.history.maxSnapshots,
        projectTables(await this.modelProject()),
      ),
    );
  }

  private readonly connections = new Map<string, Promise<DuckDBConnection>>();

  /** The gold models, loaded (and checked against their contracts) once. */
  private modelProject(): Promise<ModelProject> {
    if (!this.project) {
      this.project = loadModelProject(this.options.sqlDir);
      this.project.catch(() => {
        this.project = undefined;
      });
    }
    return this.project;
  }

  /** One connection per key, kept for the life of the pipeline (steps and gold models reuse theirs). */
  private connection(key: string): Promise<DuckDBConnection> {
    let conn = this.connections.get(key);
    if (!conn) {
      conn = this.options.duckdb.connect().then(async (connection) => {
        // DuckDB keeps the blocks of every file it read (up to its memory limit, 80% of RAM by
        // default). The pipeline reads each data file about once, and compaction and gold overwrites
        // delete them soon after: the cache only grew (0.4 MB per commit, without bound, measured).
        await connection.run('set enable_external_file_cache = false');
        return connection;
      });
      this.connections.set(key, conn);
    }
    return conn;
  }

  private warn(message: string): void {
    if (this.options.warn) this.options.warn(message);
    else process.stderr.write(`${JSON.stringify({ level: 'warn', component: 'quality', message })}\n`);
  }

  private loadSuites(): Promise<Suite[]> {
    if (!this.suites) {
      this.suites = loadSuites(this.options.suitesDir ?? path.join(this.options.sqlDir, 'quality'));
      this.suites.catch(() => {
        this.suites = undefined;
      });
    }
    return this.suites;
  }

  /** The gate silver and gold commits pass (suites loaded once; undefined when turned off). */
  private qualityGate(): Promise<QualityGate | undefined> {
    if (this.options.qualityGate === false) return Promise.resolve(undefined);
    this.gate ??= this.loadSuites().then((suites) => {
      const byTable = new Map(suites.map((suite) => [suite.table, suite]));
      return {
        suiteFor: (table) => byTable.get(table),
        record: (results) => this.auditResults.add(results),
        failedAuditsKept: this.options.failedAuditsKept ?? DEFAULT_FAILED_AUDITS_KEPT,
      };
    });
    this.gate.catch(() => {
      this.gate = undefined;
    });
    return this.gate;
  }

  private context(step: string): Promise<PipelineContext> {
    let context = this.contexts.get(step);
    if (!context) {
      const gated = step === 'silver' || step === 'gold';
      context = Promise.all([this.connection(step), gated ? this.qualityGate() : undefined]).then(([conn, gate]) => ({
        store: this.store,
        conn,
        commitRetries: this.options.commitRetries,
        nowUs: nowMicros,
        connection: (key: string) => this.connection(key),
        limits: this.options.limits ?? DEFAULT_FEED_LIMITS,
        history: this.history,
        ...(gate ? { gate } : {}),
      }));
      context.catch(() => this.contexts.delete(step));
      this.contexts.set(step, context);
    }
    return context;
  }

  async writeBronze(records: readonly DecodedRecord[]): Promise<BronzeWriteResult> {
    const ctx = await this.context('bronze');
    const result = await writeBronze(ctx, records);
    this.countBronze(records, result);
    if (result.written > 0 && result.snapshotId !== undefined) {
      await trimHistory(ctx, bronzeEvents, this.history);
      await this.options.notifier.committed(`${bronzeEvents.namespace}.${bronzeEvents.name}`, result.snapshotId);
    }
    return result;
  }

  private countBronze(records: readonly DecodedRecord[], result: BronzeWriteResult): void {
    const topics = new Map<string, number>();
    for (const record of records) topics.set(record.topic, (topics.get(record.topic) ?? 0) + 1);
    for (const [topic, count] of topics) this.metrics.read('bronze', topic, count);
    this.metrics.wrote('bronze', qualifiedName(bronzeEvents), result.written);
    if (result.written > 0 && records.length > 0) {
      // Kafka timestamps are the producer's receipt times: bronze's event time.
      this.metrics.fresh(
        'bronze',
        records.reduce((max, record) => Math.max(max, record.timestampMs), 0),
      );
    }
  }

  private countSilver(result: SilverPromoteResult): void {
    this.metrics.read('silver', qualifiedName(bronzeEvents), result.bronzeRows);
    this.metrics.wrote('silver', qualifiedName(silverTrades), result.tradesWritten);
    this.metrics.wrote('silver', qualifiedName(silverTradesRejected), result.rejectsWritten);
    if (result.snapshotId !== undefined && result.tradesWritten > 0 && result.newestEventMs !== undefined) {
      this.metrics.fresh('silver', result.newestEventMs);
    }
  }

  private countGold(result: GoldBuildResult): void {
    let newest: number | undefined;
    for (const run of result.models) {
      this.metrics.wrote('gold', run.table, run.rowsWritten);
      if (run.rowsWritten > 0 && run.newestEventMs !== undefined) newest = Math.max(newest ?? 0, run.newestEventMs);
    }
    if (newest !== undefined) this.metrics.fresh('gold', newest);
  }

  promoteSilver(): Promise<SilverPromoteResult> {
    return this.silver.run();
  }

  buildGold(): Promise<GoldBuildResult> {
    return this.gold.run();
  }

  maintainTables(): Promise<MaintenanceResult> {
    return this.maintenance.run();
  }

  /** Every expectation suite (or only `table`'s) over its whole table, results recorded. */
  async auditTables(table?: string): Promise<RecordedResult[]> {
    const suites = (await this.loadSuites()).filter((suite) => table === undefined || suite.table === table);
    if (table !== undefined && suites.length === 0) {
      const known = (await this.loadSuites()).map((suite) => suite.table).join(', ');
      throw new PipelineError(`no expectation suite for table ${table} (suites: ${known})`, false);
    }
    return auditTables(await this.context('quality'), suites);
  }

  /** gold.ohlcv_1m against the exchange's own candles, results recorded. */
  async reconcile(options: ReconcileOptions): Promise<RecordedResult[]> {
    return reconcileWithExchange(await this.context('quality'), options);
  }

  /** Snapshot ids of bronze and silver.trades now (for "has gold caught up" checks). */
  async heads(): Promise<{ bronze: string | undefined; silver: string | undefined }> {
    const [bronze, silver] = await Promise.all([this.store.head(bronzeEvents), this.store.head(silverTrades)]);
    return { bronze: bronze.snapshotId, silver: silver.snapshotId };
  }

  async close(): Promise<void> {
    try {
      await this.auditResults.flush();
    } finally {
      await this.closeConnections();
    }
  }

  private async closeConnections(): Promise<void> {
    for (const conn of this.connections.values()) (await conn).closeSync();
    this.connections.clear();
    this.contexts.clear();
  }
}
