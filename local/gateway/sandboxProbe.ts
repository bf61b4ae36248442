/**
 * Asks the engine's DuckDB what it would allow if a statement got past the allow-list: whether
 * external access is disabled, which directories stay readable, and whether its configuration is
 * locked. The gateway reports this at start so a deployment without the second wall is visible.
 */
import type { QueryEngine } from '../../layers/engine/index.js';

export interface SandboxReport {
  /** False when DuckDB's enable_external_access is off (files readable only under allowedDirectories). */
  readonly externalAccess: boolean | 'unknown';
  readonly allowedDirectories: readonly string[];
  readonly configurationLocked: boolean | 'unknown';
}

const SETTINGS_SQL =
  "SELECT name, CAST(value AS VARCHAR) FROM duckdb_settings() WHERE name IN ('enable_external_access', 'allowed_directories', 'lock_configuration')";

export async function probeSandbox(engine: QueryEngine): Promise<SandboxReport> {
  const settings = new Map<string, string>();
  try {
    const result = await engine.query(SETTINGS_SQL);
    for await (const batch of result.batches) for (const row of batch) settings.set(String(row[0]), String(row[1]));
  } catch {
    return { externalAccess: 'unknown', allowedDirectories: [], configurationLocked: 'unknown' };
  }
  const flag = (name: string) => (settings.has(name) ? settings.get(name) === 'true' : 'unknown');
  const directories = (settings.get('allowed_directories') ?? '[]').replace(/^\[|\]$/g, '');
  return {
    externalAccess: flag('enable_external_access'),
    allowedDirectories: directories === '' ? [] : directories.split(',').map((d) => d.trim()),
    configurationLocked: flag('lock_configuration'),
  };
}
