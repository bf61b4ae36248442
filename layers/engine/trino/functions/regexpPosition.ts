/**
 * Trino's regexp_count, regexp_split and regexp_position (functions/regexp), which DuckDB lacks under
 * these names. A position is counted from the pieces around the matches: the n-th match starts after
 * the first n pieces and the first n - 1 matches.
 */
import { macro, type TrinoFunction } from '../TrinoFunction.js';

function lengths(list: string): string {
  return `coalesce(list_sum(list_transform(${list}, x -> length(x))), 0)`;
}

/** 1-based position of the n-th match of p in s from character `start`, or -1. */
function position(start: string, n: string): string {
  const tail = `substring(s, ${start})`;
  const pieces = `regexp_split_to_array(${tail}, p)`;
  const matches = `regexp_extract_all(${tail}, p)`;
  const offset = `${lengths(`${pieces}[1:${n}]`)} + ${lengths(`${matches}[1:${n} - 1]`)}`;
  return `CAST(CASE WHEN len(${matches}) >= ${n} THEN ${offset} + ${start} ELSE -1 END AS INTEGER)`;
}

export const REGEXP_POSITION_FUNCTIONS: readonly TrinoFunction[] = [
  macro('regexp_count', '(s, p) AS CAST(len(regexp_extract_all(s, p)) AS BIGINT)'),
  // Trailing empty strings are kept, as in Trino.
  macro('regexp_split', '(s, p) AS regexp_split_to_array(s, p)'),
  macro(
    'regexp_position',
    `(s, p) AS ${position('1', '1')}, (s, p, start) AS ${position('start', '1')}, ` +
      `(s, p, start, n) AS ${position('start', 'n')}`,
  ),
];
