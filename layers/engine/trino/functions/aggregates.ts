/**
 * Trino's aggregate functions whose DuckDB counterpart has another name, result type or NULL rule.
 * arbitrary, bool_and, bool_or, stddev*, var* and variance already behave as in Trino.
 */
import { macro, type TrinoFunction } from '../TrinoFunction.js';

export const AGGREGATE_FUNCTIONS: readonly TrinoFunction[] = [
  // The optional maximum standard error only tunes Trino's sketch; DuckDB's HyperLogLog has its own.
  macro('approx_distinct', '(x) AS approx_count_distinct(x), (x, e) AS approx_count_distinct(x)'),
  // p may be one percentage or an array of them (the result is then an array), as in Trino.
  macro('approx_percentile', '(x, p) AS approx_quantile(x, p)'),
  // Trino returns bigint (DuckDB's count_if is hugeint).
  macro('count_if', '(x) AS count(CASE WHEN x THEN 1 END)'),
  // Trino keeps a NULL x of the row with the extreme y (DuckDB's max_by skips rows whose x is NULL).
  macro('max_by', '(x, y) AS arg_max_null(x, y), (x, y, n) AS system.main.max_by(x, y, n)'),
  macro('min_by', '(x, y) AS arg_min_null(x, y), (x, y, n) AS system.main.min_by(x, y, n)'),
];
