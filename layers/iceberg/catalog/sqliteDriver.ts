/**
 * SqlDriver on SQLite (better-sqlite3), the embedded default. WAL mode and a busy timeout let
 * several processes share one catalog file; within a process an async lock keeps a transaction's
 * statements from interleaving with other callers' on the single connection.
 */
import Database from 'better-sqlite3';
import type { SqlDriver, SqlExecutor, SqlResult, SqlValue } from './SqlDriver.js';

export interface SqliteDriverOptions {
  /** Database file path, or ':memory:'. */
  readonly path: string;
  /** How long a statement waits for another process's lock; default 10 s. */
  readonly busyTimeoutMs?: number;
}

function execute(db: Database.Database, sql: string, params: readonly SqlValue[]): SqlResult {
  const statement = db.prepare(sql);
  if (statement.reader) return { rows: statement.all(...params) as Record<string, unknown>[], changes: 0 };
  const info = statement.run(...params);
  return { rows: [], changes: info.changes };
}

export class SqliteDriver implements SqlDriver {
  private readonly db: Database.Database;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: SqliteDriverOptions) {
    this.db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 10_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.defaultSafeIntegers(false);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<SqlResult> {
    return this.exclusive(async () => execute(this.db, sql, params));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work({ run: async (sql, params = []) => execute(this.db, sql, params) });
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }
}
