/**
 * Trino's functions and semantics on DuckDB, so the SQL Trino clients and Grafana send runs unchanged.
 *
 *   functionCatalog.ts       the list of functions and their registration (macros, once per instance)
 *   rewriteFunctionCalls.ts  the token pass that turns Trino calls into DuckDB SQL
 *   checkedDivision.ts       the token pass that makes `x / 0` and `x % 0` fail as in Trino
 *   TrinoFunction.ts         the two ways a function is provided: macro or call rewrite
 *   functions/               one file per family: time, aggregates, strings and regex, json, math
 *   formats/                 MySQL and Joda format patterns translated to strftime
 */

export { checkDivisions } from './checkedDivision.js';
export { registerTrinoFunctions, TRINO_FUNCTIONS, TRINO_FUNCTIONS_CATALOG } from './functionCatalog.js';
export { rewriteFunctionCalls } from './rewriteFunctionCalls.js';

import { checkDivisions } from './checkedDivision.js';
import { rewriteFunctionCalls } from './rewriteFunctionCalls.js';

/** A Trino query in DuckDB terms: function calls rewritten, divisors checked. */
export function rewriteTrinoSemantics(sql: string): string {
  return checkDivisions(rewriteFunctionCalls(sql));
}
