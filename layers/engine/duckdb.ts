/**
 * DuckDB, the project's Parquet and SQL engine. One instance per process is enough: connections
 * are cheap, and the instance holds the memory limit and thread count for everyone.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export interface DuckDBOptions {
  /** Database file, or ':memory:' (the default: all durable state lives in Iceberg tables). */
  readonly path?: string;
  readonly threads?: number;
  /** DuckDB memory limit, e.g. '512MB'. */
  readonly memoryLimit?: string;
}

export async function openDuckDB(options: DuckDBOptions = {}): Promise<DuckDBInstance> {
  const settings: Record<string, string> = { TimeZone: 'UTC' };
  if (options.threads !== undefined) settings.threads = String(options.threads);
  if (options.memoryLimit !== undefined) settings.memory_limit = options.memoryLimit;
  return DuckDBInstance.create(options.path ?? ':memory:', settings);
}

let shared: Promise<DuckDBInstance> | undefined;

/** The process-wide instance, created on first use. */
export async function sharedConnection(): Promise<DuckDBConnection> {
  shared ??= openDuckDB();
  return (await shared).connect();
}
