/** Trino's JSON functions (functions/json) on DuckDB's json extension. json_extract is DuckDB's own. */
import { macro, type TrinoFunction } from '../TrinoFunction.js';

export const JSON_FUNCTIONS: readonly TrinoFunction[] = [
  // Trino returns NULL when the value at the path is an object or an array, not its JSON text.
  macro(
    'json_extract_scalar',
    "(j, p) AS CASE WHEN json_type(system.main.json_extract(j, p)) IN ('OBJECT', 'ARRAY') THEN NULL " +
      'ELSE json_extract_string(j, p) END',
  ),
  macro('json_parse', '(s) AS json(s)'),
  macro('json_format', '(j) AS CAST(j AS VARCHAR)'),
  // Trino returns a bigint, and NULL when the value is not an array.
  macro(
    'json_array_length',
    "(j) AS CASE WHEN json_type(j) = 'ARRAY' THEN CAST(system.main.json_array_length(j) AS BIGINT) END",
  ),
];
