/**
 * Results the gateway computes itself (SHOW, DESCRIBE, USE) in the engine's QueryResult shape, so
 * they page, render and finish exactly like engine results.
 */
import { type DuckDBType, type DuckDBValue, DuckDBVarCharType } from '@duckdb/node-api';
import type { QueryResult } from '../../../layers/engine/index.js';

export function staticResult(
  columns: readonly (string | { name: string; type: DuckDBType })[],
  rows: readonly (readonly DuckDBValue[])[],
): QueryResult {
  return {
    columns: columns.map((column) =>
      typeof column === 'string' ? { name: column, type: DuckDBVarCharType.instance } : column,
    ),
    batches: (async function* () {
      if (rows.length > 0) yield rows;
    })(),
  };
}

/** SQL LIKE pattern (with % and _) as an anchored regular expression. */
export function likeToRegExp(pattern: string, escapeChar?: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (escapeChar !== undefined && c === escapeChar && i + 1 < pattern.length) {
      source += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}
