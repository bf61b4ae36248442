/**
 * SqlDriver for PostgreSQL through `pg`: the SQL catalog's tables then live in the same layout
 * (JdbcCatalog / PyIceberg SqlCatalog) that Trino's and Spark's JDBC catalogs read.
 */
import pg from 'pg';
import { toPostgresPlaceholders } from './postgresPlaceholders.js';
import type { SqlDriver, SqlExecutor, SqlResult, SqlValue } from './SqlDriver.js';

export interface PostgresDriverOptions {
  /** postgresql://user:password@host:port/database */
  readonly connectionString: string;
  /** Pool size; default 4. */
  readonly maxConnections?: number;
}

/** A failed PostgreSQL call; `retriable` for lost connections, serialization failures and deadlocks. */
export class PostgresError extends Error {
  readonly retriable: boolean;
  /** PostgreSQL's SQLSTATE (e.g. 23505 unique_violation), when the server answered. */
  readonly sqlState: string | undefined;
  constructor(sql: string, cause: unknown) {
    const sqlState = sqlStateOf(cause);
    super(
      `PostgreSQL statement failed${sqlState === undefined ? '' : ` (SQLSTATE ${sqlState})`}: ${messageOf(cause)}; statement: ${sql.trim().slice(0, 200)}`,
      { cause },
    );
    this.name = 'PostgresError';
    this.sqlState = sqlState;
    this.retriable = isRetriable(cause, sqlState);
  }
}

// 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available, 57P01 admin_shutdown,
// 08xxx connection exceptions, 53300 too_many_connections.
const RETRIABLE_SQL_STATES = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300']);

function isRetriable(cause: unknown, sqlState: string | undefined): boolean {
  if (sqlState !== undefined) return RETRIABLE_SQL_STATES.has(sqlState) || sqlState.startsWith('08');
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E(CONN|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN)/.test(code)) return true;
  return /Connection terminated|connection .*closed/i.test(messageOf(cause));
}

function sqlStateOf(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** bigint parameters are sent as decimal text, which PostgreSQL casts to any numeric column type. */
function toParams(params: readonly SqlValue[]): (string | number | null)[] {
  return params.map((value) => (typeof value === 'bigint' ? value.toString() : value));
}

// Concurrent `CREATE TABLE IF NOT EXISTS` of one name can fail with a unique violation in PostgreSQL's
// own catalog; DDL therefore runs under one transaction-scoped advisory lock (key: an arbitrary constant).
const DDL_LOCK_KEY = 7_351_402_188;

/** Commands whose row count is "rows changed" (for SELECT it is rows returned). */
const CHANGING_COMMANDS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

class PostgresExecutor implements SqlExecutor {
  constructor(private readonly client: pg.ClientBase | pg.Pool) {}

  async run(sql: string, params: readonly SqlValue[] = []): Promise<SqlResult> {
    try {
      const result = await this.client.query(toPostgresPlaceholders(sql), toParams(params));
      const changes = CHANGING_COMMANDS.has(result.command) ? (result.rowCount ?? 0) : 0;
      return { rows: result.rows as Record<string, unknown>[], changes };
    } catch (error) {
      throw new PostgresError(sql, error);
    }
  }
}

export class PostgresDriver implements SqlDriver {
  private readonly pool: pg.Pool;
  private readonly executor: PostgresExecutor;

  constructor(options: PostgresDriverOptions) {
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 4 });
    // An idle pooled connection that the server drops must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.executor = new PostgresExecutor(this.pool);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<SqlResult> {
    if (/^\s*(CREATE|ALTER|DROP)\s/i.test(sql)) {
      return this.transaction(async (tx) => {
        await tx.run('SELECT pg_advisory_xact_lock(?)', [DDL_LOCK_KEY]);
        return tx.run(sql, params);
      });
    }
    return this.executor.run(sql, params);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new PostgresError('connect', error);
    }
    let broken = false;
    try {
      const tx = new PostgresExecutor(client);
      await tx.run('BEGIN');
      let result: T;
      try {
        result = await work(tx);
      } catch (error) {
        await tx.run('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      }
      await tx.run('COMMIT');
      return result;
    } catch (error) {
      if (error instanceof PostgresError && error.retriable) broken = true;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
