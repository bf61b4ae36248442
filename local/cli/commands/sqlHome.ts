/**
 * Where in-process `lakehouse sql` looks for tables, and the message when there are none yet:
 * opening the SQLite catalog would create it (and LAKEHOUSE_HOME) on the spot, so a missing
 * catalog is reported before anything is opened, and DuckDB's "Schema with name gold does not
 * exist" becomes a sentence that names the catalog it looked in.
 */
import { existsSync } from 'node:fs';
import type { Config } from '../../../layers/config/index.js';

export class NoTablesYetError extends Error {
  readonly retriable = false;
  constructor(message: string) {
    super(message);
    this.name = 'NoTablesYetError';
  }
}

function catalogLocation(config: Config): string {
  return config.catalog.uri === undefined ? config.paths.catalogDb : 'the catalog at CATALOG_URI';
}

/** Throws when the SQLite catalog does not exist yet, so nothing is created by looking. */
export function requireCatalog(config: Config): void {
  if (config.catalog.uri !== undefined || existsSync(config.paths.catalogDb)) return;
  throw new NoTablesYetError(
    `no tables yet: there is no catalog at ${config.paths.catalogDb} (LAKEHOUSE_HOME=${config.paths.home}); ` +
      'set LAKEHOUSE_HOME to the lakehouse the pipeline writes, or start it (npm start) to create one',
  );
}

/** DuckDB's missing-schema error in words that say where the engine looked; other errors unchanged. */
export function explainMissingSchema(error: unknown, config: Config): unknown {
  const message = error instanceof Error ? error.message : '';
  const schema = /schema (?:with name )?"?([^"\s]+)"? does not exist/i.exec(message)?.[1];
  if (schema === undefined) return error;
  return new NoTablesYetError(
    `no tables in schema ${schema} yet: ${catalogLocation(config)} (LAKEHOUSE_HOME=${config.paths.home}) has no namespace ${schema}`,
  );
}
