/**
 * The small SQL surface the SQL catalog needs, implemented per database (SQLite, PostgreSQL).
 * Statements use `?` placeholders; a driver rewrites them to its own style ($1, ...) if needed.
 */
export type SqlValue = string | number | bigint | null;

export interface SqlResult {
  readonly rows: readonly Record<string, unknown>[];
  /** Rows inserted, updated or deleted by the statement. */
  readonly changes: number;
}

export interface SqlExecutor {
  run(sql: string, params?: readonly SqlValue[]): Promise<SqlResult>;
}

export interface SqlDriver extends SqlExecutor {
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
