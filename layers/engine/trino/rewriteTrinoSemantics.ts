/** A Trino query in DuckDB terms: current_user and function calls rewritten, then divisors checked. */
import { checkDivisions } from './checkedDivision.js';
import { rewriteFunctionCalls } from './rewriteFunctionCalls.js';
import { rewriteCurrentUser } from './sessionUser.js';

export function rewriteTrinoSemantics(sql: string): string {
  return checkDivisions(rewriteFunctionCalls(rewriteCurrentUser(sql)));
}
