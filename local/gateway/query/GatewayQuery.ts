/**
 * One query's life on the gateway: queued until a slot is free, then running on the engine and
 * handing out pages on demand. Pages are pulled from the engine's batches only when a client asks
 * for the next one (at most one batch read ahead), so a large result streams with bounded memory.
 * The last page is kept so a client may re-fetch it (Trino's retry rule).
 */
import type { DuckDBValue } from '@duckdb/node-api';
import type { RuntimeQuery } from '../metadata/virtualTables.js';
import { classifyError, GatewayQueryError, toQueryError } from '../protocol/errors.js';
import type { Column, QueryResults, QueryState, StatementStats } from '../protocol/queryResults.js';
import { rowRenderer, trinoType } from '../protocol/trinoTypes.js';
import type { StatementOutcome, StatementSession } from './executeStatement.js';

type Row = readonly DuckDBValue[];
type Batch = readonly Row[];

export interface PageLimits {
  /** Target size of one page's data, in bytes of JSON. */
  readonly pageBytes: number;
  readonly pageRows: number;
  /** Longest a page request waits for the engine before answering with no data. */
  readonly maxWaitMs: number;
}

export interface QueryUris {
  readonly infoUri: string;
  nextUri(kind: 'queued' | 'executing', token: number): string;
  partialCancelUri(): string;
}

export type StatementRunner = (session: StatementSession) => Promise<StatementOutcome>;

const TIMED_OUT = Symbol('timed out');

function delay(ms: number): { promise: Promise<typeof TIMED_OUT>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/**
 * Releases an engine result nobody read: an async generator that never started ignores return()
 * (its finally block, where engines close their connection, never runs), so it is advanced once
 * first; the query's aborted signal makes that step end quickly.
 */
function closeUnstarted(iterator: AsyncIterator<Batch>): void {
  iterator.next().then(
    () => iterator.return?.()?.catch(() => undefined),
    () => undefined,
  );
}

export class GatewayQuery {
  readonly createdAt = Date.now();
  lastAccessAt = Date.now();
  state: QueryState = 'QUEUED';
  updateType?: string;
  setCatalog?: string;
  setSchema?: string;
  addedPrepare?: StatementOutcome['addedPrepare'];
  deallocatedPrepare?: string;

  private readonly controller = new AbortController();
  private startedAt?: number;
  private finishedAt?: number;
  private readonly started: Promise<void>;
  private markStarted!: () => void;
  private columns?: Column[];
  private render?: (row: Row) => string;
  private iterator?: AsyncIterator<Batch>;
  private pendingNext?: Promise<IteratorResult<Batch>>;
  private leftover: Batch = [];
  private leftoverIndex = 0;
  private exhausted = false;
  /** Whether the engine's iterator was ever advanced (an unstarted generator skips its cleanup on return). */
  private pulled = false;
  private failure?: GatewayQueryError;
  private token = 0;
  private lastResponse?: QueryResults;
  private rowsSent = 0;
  private bytesSent = 0;
  private settled = false;
  private timeLimit?: NodeJS.Timeout;

  constructor(
    readonly id: string,
    readonly slug: string,
    readonly sql: string,
    private readonly session: StatementSession,
    private readonly uris: QueryUris,
    private readonly limits: PageLimits,
    private readonly onSettled: (query: GatewayQuery) => void,
    readonly source?: string,
  ) {
    this.started = new Promise((resolve) => {
      this.markStarted = resolve;
    });
  }

  get done(): boolean {
    return this.state === 'FINISHED' || this.state === 'FAILED';
  }

  /** Runs the statement once the manager has given the query a slot. */
  async start(run: StatementRunner, maxRunTimeMs: number): Promise<void> {
    if (this.done) return;
    this.state = 'RUNNING';
    this.startedAt = Date.now();
    if (maxRunTimeMs > 0) {
      this.timeLimit = setTimeout(
        () =>
          this.fail(
            new GatewayQueryError(
              'EXCEEDED_TIME_LIMIT',
              `Query exceeded the maximum execution time limit of ${maxRunTimeMs / 1000}s`,
            ),
          ),
        maxRunTimeMs,
      );
      this.timeLimit.unref();
    }
    const aborted = new Promise<never>((_, reject) => {
      this.controller.signal.addEventListener('abort', () => reject(this.controller.signal.reason), { once: true });
    });
    aborted.catch(() => undefined);
    const running = run({ ...this.session, signal: this.controller.signal });
    try {
      const outcome = await Promise.race([running, aborted]);
      const types = outcome.result.columns.map((column) => trinoType(column.type));
      this.columns = outcome.result.columns.map((column, i) => ({
        name: column.name,
        type: (types[i] as ReturnType<typeof trinoType>).name,
        typeSignature: (types[i] as ReturnType<typeof trinoType>).signature,
      }));
      this.render = rowRenderer(types);
      this.iterator = outcome.result.batches[Symbol.asyncIterator]();
      if (outcome.updateType !== undefined) this.updateType = outcome.updateType;
      if (outcome.setCatalog !== undefined) this.setCatalog = outcome.setCatalog;
      if (outcome.setSchema !== undefined) this.setSchema = outcome.setSchema;
      if (outcome.addedPrepare !== undefined) this.addedPrepare = outcome.addedPrepare;
      if (outcome.deallocatedPrepare !== undefined) this.deallocatedPrepare = outcome.deallocatedPrepare;
      if (this.done) this.closeBatches();
    } catch (error) {
      // Aborted before the engine answered: when it does, its result still holds a connection.
      running.then(
        (late) => closeUnstarted(late.result.batches[Symbol.asyncIterator]()),
        () => undefined,
      );
      this.fail(this.controller.signal.aborted ? this.controller.signal.reason : error);
    } finally {
      this.markStarted();
    }
  }

  /** The user the query runs as (its owner). */
  get user(): string | undefined {
    return this.session.user;
  }

  /** The query as system.runtime.queries shows it. */
  describe(): RuntimeQuery {
    return {
      queryId: this.id,
      state: this.state,
      ...(this.session.user !== undefined ? { user: this.session.user } : {}),
      ...(this.source !== undefined ? { source: this.source } : {}),
      query: this.sql,
      queuedTimeMs: (this.startedAt ?? Date.now()) - this.createdAt,
      createdAt: this.createdAt,
      ...(this.failure ? { errorCode: this.failure.errorName } : {}),
    };
  }

  /** Stops the query: the engine's work is aborted and its connection released. */
  cancel(reason = new GatewayQueryError('USER_CANCELED', 'Query was canceled')): void {
    this.fail(reason);
  }

  /** The response for a nextUri with this token: the next page, or the previous one again on a retry. */
  async page(token: number): Promise<QueryResults> {
    this.lastAccessAt = Date.now();
    if (token === this.token && this.lastResponse) return this.lastResponse;
    if (token !== this.token + 1) {
      throw new GatewayQueryError('NOT_FOUND', `query ${this.id} has no page ${token} (next is ${this.token + 1})`);
    }
    this.token = token;
    const response = await this.nextResponse(token);
    this.lastResponse = response;
    this.lastAccessAt = Date.now();
    return response;
  }

  /** The first response (to POST): queued, with no data and no error yet, as Trino answers. */
  firstResponse(): QueryResults {
    const response: QueryResults = {
      id: this.id,
      infoUri: this.uris.infoUri,
      nextUri: this.uris.nextUri('queued', this.token + 1),
      stats: { ...this.stats(), state: 'QUEUED', queued: true },
      warnings: [],
    };
    this.lastResponse = response;
    return response;
  }

  private fail(error: unknown): void {
    if (this.done) return;
    this.failure = this.controller.signal.aborted ? classifyError(this.controller.signal.reason) : classifyError(error);
    this.state = 'FAILED';
    if (!this.controller.signal.aborted) this.controller.abort(this.failure);
    this.closeBatches();
    this.settle();
  }

  /** Ends the engine's batch iterator so it releases its connection (a started one cleans up on return). */
  private closeBatches(): void {
    const iterator = this.iterator;
    if (iterator === undefined) return;
    if (this.pulled) void iterator.return?.()?.catch(() => undefined);
    else closeUnstarted(iterator);
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.finishedAt = Date.now();
    clearTimeout(this.timeLimit);
    this.onSettled(this);
  }

  private async waitStarted(): Promise<boolean> {
    const timer = delay(this.limits.maxWaitMs);
    const outcome = await Promise.race([this.started.then(() => true), timer.promise]);
    timer.cancel();
    return outcome === true;
  }

  private async nextResponse(token: number): Promise<QueryResults> {
    if (!this.done && !(await this.waitStarted())) return this.results(token, []);
    if (this.failure || this.exhausted) return this.results(token, []);
    const rows: string[] = [];
    let bytes = 0;
    const deadline = Date.now() + this.limits.maxWaitMs;
    const render = this.render as (row: Row) => string;
    while (bytes < this.limits.pageBytes && rows.length < this.limits.pageRows && !this.done) {
      if (this.leftoverIndex < this.leftover.length) {
        let text: string;
        try {
          text = render(this.leftover[this.leftoverIndex++] as Row);
        } catch (error) {
          // A value its column's Trino type cannot carry (e.g. a bigint beyond 64 bits) fails the query, as in Trino.
          this.fail(error);
          break;
        }
        rows.push(text);
        bytes += text.length + 1;
        continue;
      }
      this.pulled = true;
      this.pendingNext ??= (this.iterator as AsyncIterator<Batch>).next();
      const timer = delay(Math.max(0, deadline - Date.now()));
      let next: IteratorResult<Batch> | typeof TIMED_OUT;
      try {
        next = await Promise.race([this.pendingNext, timer.promise]);
      } catch (error) {
        this.pendingNext = undefined;
        this.fail(error);
        break;
      } finally {
        timer.cancel();
      }
      if (next === TIMED_OUT) break;
      this.pendingNext = undefined;
      if (next.done) {
        this.exhausted = true;
        break;
      }
      this.leftover = next.value;
      this.leftoverIndex = 0;
    }
    if (this.failure) return this.results(token, []);
    this.rowsSent += rows.length;
    this.bytesSent += bytes;
    if (this.exhausted && this.leftoverIndex >= this.leftover.length) {
      this.state = 'FINISHED';
      this.settle();
    } else if (!this.exhausted && this.pendingNext === undefined) {
      // Read one batch ahead while the client handles this page (still at most one batch buffered).
      this.pulled = true;
      const next = (this.iterator as AsyncIterator<Batch>).next();
      next.catch(() => undefined);
      this.pendingNext = next;
    }
    return this.results(token, rows);
  }

  private stats(): StatementStats {
    const now = this.finishedAt ?? Date.now();
    const queuedMs = (this.startedAt ?? now) - this.createdAt;
    const running = this.startedAt === undefined ? 0 : now - this.startedAt;
    return {
      state: this.state,
      queued: this.state === 'QUEUED',
      scheduled: this.startedAt !== undefined,
      progressPercentage: this.state === 'FINISHED' ? 100 : 0,
      nodes: 1,
      totalSplits: 1,
      queuedSplits: this.state === 'QUEUED' ? 1 : 0,
      runningSplits: this.state === 'RUNNING' ? 1 : 0,
      completedSplits: this.done ? 1 : 0,
      cpuTimeMillis: running,
      wallTimeMillis: running,
      queuedTimeMillis: queuedMs,
      elapsedTimeMillis: now - this.createdAt,
      processedRows: this.rowsSent,
      processedBytes: this.bytesSent,
      physicalInputBytes: 0,
      physicalWrittenBytes: 0,
      peakMemoryBytes: 0,
      spilledBytes: 0,
      rootStage: {
        stageId: '0',
        state: this.state,
        done: this.done,
        nodes: 1,
        totalSplits: 1,
        queuedSplits: this.state === 'QUEUED' ? 1 : 0,
        runningSplits: this.state === 'RUNNING' ? 1 : 0,
        completedSplits: this.done ? 1 : 0,
        cpuTimeMillis: running,
        wallTimeMillis: running,
        processedRows: this.rowsSent,
        processedBytes: this.bytesSent,
        physicalInputBytes: 0,
        failedTasks: this.state === 'FAILED' ? 1 : 0,
        coordinatorOnly: true,
        subStages: [],
      },
    };
  }

  private results(token: number, data: readonly string[]): QueryResults {
    const base = { id: this.id, infoUri: this.uris.infoUri, stats: this.stats(), warnings: [] };
    if (this.failure) return { ...base, error: toQueryError(this.failure) };
    const columns =
      this.columns && (this.columns.length > 0 || this.updateType === undefined) ? { columns: this.columns } : {};
    const update = this.updateType !== undefined ? { updateType: this.updateType } : {};
    if (this.state === 'FINISHED') return { ...base, ...columns, ...(data.length > 0 ? { data } : {}), ...update };
    const kind = this.startedAt === undefined ? 'queued' : 'executing';
    return {
      ...base,
      ...(this.startedAt === undefined ? {} : { partialCancelUri: this.uris.partialCancelUri() }),
      nextUri: this.uris.nextUri(kind, token + 1),
      ...columns,
      ...(data.length > 0 ? { data } : {}),
      ...update,
    };
  }
}
