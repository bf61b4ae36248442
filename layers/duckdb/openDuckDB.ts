/**
 * DuckDB, the project's Parquet and SQL engine. One instance per process is enough: connections
 * are cheap, and the instance holds the memory limit and thread count for everyone.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { quoteString } from './quote.js';

export interface DuckDBOptions {
  /** Database file, or ':memory:' (the default: all durable state lives in Iceberg tables). */
  readonly path?: string;
  readonly threads?: number;
  /** DuckDB memory limit, e.g. '512MB'. */
  readonly memoryLimit?: string;
  /**
   * When set, DuckDB may touch only these directories (and nothing else: no other files, no
   * extension loading, no network), and the configuration is locked so SQL cannot undo it.
   */
  readonly allowedDirectories?: readonly string[];
  /**
   * Keep Parquet footers in memory between queries. Safe only when files are never rewritten in
   * place, which holds for Iceberg data files (the query engine turns it on).
   */
  readonly cacheParquetMetadata?: boolean;
  /**
   * Keep blocks of data files read in DuckDB's buffer pool (DuckDB's default). Off where each file
   * is read about once, as in the pipeline: there the cache only fills memory up to the limit.
   */
  readonly cacheFileData?: boolean;
  /** Runs once on the new instance before its configuration is locked (e.g. to create macros). */
  readonly prepare?: (connection: DuckDBConnection) => Promise<void>;
}

export async function openDuckDB(options: DuckDBOptions = {}): Promise<DuckDBInstance> {
  const settings: Record<string, string> = { autoinstall_known_extensions: 'false' };
  if (options.threads !== undefined) settings.threads = String(options.threads);
  if (options.memoryLimit !== undefined) settings.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', settings);
  const connection = await instance.connect();
  try {
    // ICU (which owns TimeZone) is registered only after startup, so it cannot be a create-time setting.
    await connection.run(`SET GLOBAL TimeZone = 'UTC'`);
    if (options.cacheParquetMetadata) await connection.run('SET GLOBAL parquet_metadata_cache = true');
    if (options.cacheFileData === false) await connection.run('SET GLOBAL enable_external_file_cache = false');
    if (options.prepare !== undefined) await options.prepare(connection);
    if (options.allowedDirectories !== undefined) await restrictFileAccess(connection, options.allowedDirectories);
  } finally {
    connection.closeSync();
  }
  return instance;
}

/**
 * Limits DuckDB to reading and writing inside `directories` (plus its own temp directory): no other
 * file, no extension install or load, no network; then locks the configuration so no SQL (SET,
 * PRAGMA, RESET) can widen it again. In-memory ATTACH stays possible.
 */
export async function restrictFileAccess(connection: DuckDBConnection, directories: readonly string[]): Promise<void> {
  const list = directories.map((dir) => quoteString(dir.endsWith('/') ? dir : `${dir}/`));
  await connection.run(`SET GLOBAL allowed_directories = [${list.join(', ')}]`);
  await connection.run('SET GLOBAL autoload_known_extensions = false');
  await connection.run('SET GLOBAL enable_external_access = false');
  await connection.run('SET GLOBAL lock_configuration = true');
}

let shared: Promise<DuckDBInstance> | undefined;

/** The process-wide instance, created on first use. */
export async function sharedConnection(): Promise<DuckDBConnection> {
  shared ??= openDuckDB();
  return (await shared).connect();
}
