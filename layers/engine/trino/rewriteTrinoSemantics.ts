/** A Trino query in DuckDB terms: function calls rewritten, then divisors checked. */
import { checkDivisions } from './checkedDivision.js';
import { rewriteFunctionCalls } from './rewriteFunctionCalls.js';

export function rewriteTrinoSemantics(sql: string): string {
  return checkDivisions(rewriteFunctionCalls(sql));
}
