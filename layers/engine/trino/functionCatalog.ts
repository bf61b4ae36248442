/**
 * Every Trino function the engine provides, and their registration: the macros live in an in-memory
 * catalog of their own (a query runs with another catalog in USE, so they are called by qualified
 * name), created once per DuckDB instance before its configuration is locked.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { macroName, TRINO_FUNCTIONS_CATALOG } from './catalogName.js';
import { DIVISOR_MACRO, DIVISOR_OVERLOADS } from './checkedDivision.js';
import { AGGREGATE_FUNCTIONS } from './functions/aggregates.js';
import { DATE_PART_FUNCTIONS } from './functions/dateParts.js';
import { JSON_FUNCTIONS } from './functions/json.js';
import { MATH_FUNCTIONS } from './functions/math.js';
import { REGEXP_POSITION_FUNCTIONS } from './functions/regexpPosition.js';
import { SESSION_FUNCTIONS } from './functions/session.js';
import { STRING_FUNCTIONS } from './functions/strings.js';
import { TIME_FUNCTIONS } from './functions/time.js';
import { URL_FUNCTIONS } from './functions/url.js';
import type { TrinoFunction } from './TrinoFunction.js';

export const TRINO_FUNCTIONS: ReadonlyMap<string, TrinoFunction> = new Map(
  [
    ...TIME_FUNCTIONS,
    ...DATE_PART_FUNCTIONS,
    ...AGGREGATE_FUNCTIONS,
    ...STRING_FUNCTIONS,
    ...REGEXP_POSITION_FUNCTIONS,
    ...JSON_FUNCTIONS,
    ...MATH_FUNCTIONS,
    ...URL_FUNCTIONS,
    ...SESSION_FUNCTIONS,
  ].map((f) => [f.name, f]),
);

/**
 * Creates the catalog and its macros, and makes `/` on two integers truncate as in Trino (a setting,
 * so it must run before the configuration is locked); idempotent.
 */
export async function registerTrinoFunctions(connection: DuckDBConnection): Promise<void> {
  await connection.run('SET GLOBAL integer_division = true');
  await connection.run(`ATTACH IF NOT EXISTS ':memory:' AS ${TRINO_FUNCTIONS_CATALOG}`);
  await connection.run(`CREATE OR REPLACE MACRO ${macroName(DIVISOR_MACRO)}${DIVISOR_OVERLOADS}`);
  for (const fn of TRINO_FUNCTIONS.values()) {
    if (fn.kind === 'macro') await connection.run(`CREATE OR REPLACE MACRO ${macroName(fn.name)}${fn.overloads}`);
  }
}
