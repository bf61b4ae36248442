/**
 * The gateway's queries: ids in Trino's form, a bounded number running at once (the rest wait in a
 * bounded queue), abandoned queries cancelled (no client request within the client timeout, like
 * Trino's query.client.timeout) and finished queries forgotten after a grace period.
 */
import { randomBytes } from 'node:crypto';
import { GatewayQueryError } from '../protocol/errors.js';
import type { StatementSession } from './executeStatement.js';
import { GatewayQuery, type PageLimits, type QueryUris, type StatementRunner } from './GatewayQuery.js';
import { mayAccessQuery, type QueryAccess } from './queryAccess.js';

export interface QueryManagerOptions {
  readonly run: (sql: string, session: StatementSession) => ReturnType<StatementRunner>;
  /** The URIs of a query, on the base URI the client used to reach the gateway. */
  readonly uris: (id: string, slug: string, baseUri: string) => QueryUris;
  readonly limits: PageLimits;
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  readonly maxRunTimeMs: number;
  /** A query nobody asked about for this long is cancelled as abandoned. */
  readonly clientTimeoutMs: number;
  /** How long a finished query's last page stays available for a retry. */
  readonly retainFinishedMs: number;
  readonly access: QueryAccess;
}

function timestampId(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}_${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

export class QueryManager {
  private readonly queries = new Map<string, GatewayQuery>();
  private readonly waiting: GatewayQuery[] = [];
  private readonly holdingSlot = new Set<GatewayQuery>();
  private readonly runTimeLimits = new WeakMap<GatewayQuery, number>();
  private counter = 0;
  private readonly coordinatorId = randomBytes(3).toString('hex').slice(0, 5);
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: QueryManagerOptions) {
    this.sweeper = setInterval(() => this.sweep(), 1000);
    this.sweeper.unref();
  }

  get runningCount(): number {
    return this.holdingSlot.size;
  }

  /**
   * Registers a query and queues it. A statement refused before it runs (`rejection`, or a full
   * queue) still becomes a query that fails on its first nextUri, as Trino reports every failure.
   */
  submit(
    sql: string,
    session: StatementSession,
    baseUri: string,
    options: { source?: string; maxRunTimeMs?: number; rejection?: GatewayQueryError } = {},
  ): GatewayQuery {
    const id = `${timestampId(new Date())}_${String(this.counter++ % 100000).padStart(5, '0')}_${this.coordinatorId}`;
    const slug = `y${randomBytes(12).toString('hex')}`;
    const query = new GatewayQuery(
      id,
      slug,
      sql,
      session,
      this.options.uris(id, slug, baseUri),
      this.options.limits,
      (q) => this.settled(q),
      options.source,
    );
    this.queries.set(id, query);
    const full = this.holdingSlot.size >= this.options.maxConcurrent && this.waiting.length >= this.options.maxQueued;
    const rejection =
      options.rejection ??
      (full
        ? new GatewayQueryError(
            'QUERY_QUEUE_FULL',
            `Too many queued queries: ${this.options.maxConcurrent} running and ${this.options.maxQueued} waiting`,
            true,
          )
        : undefined);
    if (rejection) {
      query.cancel(rejection);
      return query;
    }
    const limit = this.options.maxRunTimeMs;
    const requested = options.maxRunTimeMs;
    this.runTimeLimits.set(query, requested === undefined ? limit : limit > 0 ? Math.min(limit, requested) : requested);
    this.waiting.push(query);
    this.dispatch();
    return query;
  }

  /** Every query still known (running, queued, or recently finished). */
  list(): GatewayQuery[] {
    return [...this.queries.values()];
  }

  /** The queries a user may see and cancel: their own, or all for the admin user. */
  visibleTo(user: string): GatewayQuery[] {
    return this.list().filter((query) => this.mayAccess(user, query));
  }

  mayAccess(user: string, query: GatewayQuery): boolean {
    return mayAccessQuery(this.options.access, user, query.user);
  }

  get(id: string): GatewayQuery | undefined {
    return this.queries.get(id);
  }

  /** Cancels every query (server shutdown). */
  close(): void {
    clearInterval(this.sweeper);
    for (const query of this.queries.values()) {
      query.cancel(new GatewayQueryError('SERVER_SHUTTING_DOWN', 'Server is shutting down'));
    }
    this.queries.clear();
  }

  private dispatch(): void {
    while (this.holdingSlot.size < this.options.maxConcurrent && this.waiting.length > 0) {
      const query = this.waiting.shift() as GatewayQuery;
      if (query.done) continue;
      this.holdingSlot.add(query);
      const limit = this.runTimeLimits.get(query) ?? this.options.maxRunTimeMs;
      void query.start((session) => this.options.run(query.sql, session), limit);
    }
  }

  private settled(query: GatewayQuery): void {
    const index = this.waiting.indexOf(query);
    if (index !== -1) this.waiting.splice(index, 1);
    if (this.holdingSlot.delete(query)) this.dispatch();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, query] of this.queries) {
      if (!query.done && now - query.lastAccessAt > this.options.clientTimeoutMs) {
        query.cancel(
          new GatewayQueryError(
            'ABANDONED_QUERY',
            `Query ${id} was abandoned: no client request for ${this.options.clientTimeoutMs / 1000}s`,
          ),
        );
      }
      if (query.done && now - query.lastAccessAt > this.options.retainFinishedMs) this.queries.delete(id);
    }
  }
}
