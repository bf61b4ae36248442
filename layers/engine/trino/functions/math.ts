/** Trino's math functions (functions/math) missing from DuckDB under these names. log(b, x) is DuckDB's own. */
import { macro, type TrinoFunction } from '../TrinoFunction.js';

export const MATH_FUNCTIONS: readonly TrinoFunction[] = [
  macro('infinity', "() AS CAST('Infinity' AS DOUBLE)"),
  macro('nan', "() AS CAST('NaN' AS DOUBLE)"),
  macro('is_nan', '(x) AS isnan(x)'),
  macro('is_finite', '(x) AS isfinite(x)'),
  macro('is_infinite', '(x) AS isinf(x)'),
  macro('truncate', '(x) AS trunc(x)'),
];
