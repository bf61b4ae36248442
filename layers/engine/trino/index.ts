/**
 * Trino's functions and semantics on DuckDB, so the SQL Trino clients and Grafana send runs unchanged.
 *
 *   rewriteTrinoSemantics.ts the whole translation the engine applies to a query
 *   functionCatalog.ts       the list of functions and their registration (macros, once per instance)
 *   catalogName.ts           the DuckDB catalog holding the macros
 *   rewriteFunctionCalls.ts  the token pass that turns Trino calls into DuckDB SQL
 *   checkedDivision.ts       the token pass that makes `x / 0` and `x % 0` fail as in Trino
 *   trinoColumnNames.ts      result column names as Trino gives them (_col0 for an unnamed expression)
 *   sessionUser.ts           current_user as the session's user (a connection variable the engine sets)
 *   TrinoFunction.ts         the two ways a function is provided: macro or call rewrite
 *   functions/               one file per family: time, aggregates, strings and regex, json, math, url, session
 *   formats/                 MySQL and Joda format patterns translated to strftime
 *
 * Not provided, because DuckDB cannot do them faithfully: at_timezone, with_timezone and the zone forms
 * of from_unixtime (a DuckDB TIMESTAMPTZ carries no zone of its own to show), decimal division results
 * (DuckDB's are double), and Infinity or NaN for `double / 0` (NULL under integer_division).
 */

export { TRINO_FUNCTIONS_CATALOG } from './catalogName.js';
export { checkDivisions } from './checkedDivision.js';
export { registerTrinoFunctions, TRINO_FUNCTIONS } from './functionCatalog.js';
export { rewriteFunctionCalls } from './rewriteFunctionCalls.js';
export { rewriteTrinoSemantics } from './rewriteTrinoSemantics.js';
export { rewriteCurrentUser, SESSION_USER_FUNCTION, SESSION_USER_VARIABLE } from './sessionUser.js';
export { trinoColumnNamer } from './trinoColumnNames.js';
