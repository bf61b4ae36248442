/**
 * Asks each DuckDB database the gateway runs user SQL on (the engine's, and its own metadata
 * database) what it would allow if a statement got past the sandbox policy: whether external
 * access is disabled, which directories stay readable, and whether its configuration is locked.
 * The gateway reports this at start so a deployment without the second wall is visible.
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import type { QueryEngine } from '../../layers/engine/index.js';

export interface DatabaseSandbox {
  /** False when DuckDB's enable_external_access is off (files readable only under allowedDirectories). */
  readonly externalAccess: boolean | 'unknown';
  readonly allowedDirectories: readonly string[];
  readonly configurationLocked: boolean | 'unknown';
}

/** The engine's DuckDB, with the metadata database beside it. */
export interface SandboxReport extends DatabaseSandbox {
  readonly metadataDatabase: DatabaseSandbox;
}

const SETTINGS_SQL =
  "SELECT name, CAST(value AS VARCHAR) FROM duckdb_settings() WHERE name IN ('enable_external_access', 'allowed_directories', 'lock_configuration')";

const UNKNOWN: DatabaseSandbox = { externalAccess: 'unknown', allowedDirectories: [], configurationLocked: 'unknown' };

function fromSettings(rows: readonly (readonly unknown[])[]): DatabaseSandbox {
  const settings = new Map(rows.map((row) => [String(row[0]), String(row[1])]));
  const flag = (name: string) => (settings.has(name) ? settings.get(name) === 'true' : 'unknown');
  const directories = (settings.get('allowed_directories') ?? '[]').replace(/^\[|\]$/g, '');
  return {
    externalAccess: flag('enable_external_access'),
    allowedDirectories: directories === '' ? [] : directories.split(',').map((d) => d.trim()),
    configurationLocked: flag('lock_configuration'),
  };
}

async function probeEngine(engine: QueryEngine): Promise<DatabaseSandbox> {
  try {
    const result = await engine.query(SETTINGS_SQL);
    const rows: (readonly unknown[])[] = [];
    for await (const batch of result.batches) rows.push(...batch);
    return fromSettings(rows);
  } catch {
    return UNKNOWN;
  }
}

async function probeDatabase(instance: DuckDBInstance): Promise<DatabaseSandbox> {
  const connection = await instance.connect();
  try {
    return fromSettings((await connection.runAndReadAll(SETTINGS_SQL)).getRows());
  } catch {
    return UNKNOWN;
  } finally {
    connection.closeSync();
  }
}

export async function probeSandbox(engine: QueryEngine, metadataDb: DuckDBInstance): Promise<SandboxReport> {
  return { ...(await probeEngine(engine)), metadataDatabase: await probeDatabase(metadataDb) };
}
