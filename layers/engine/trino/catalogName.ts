/** The in-memory DuckDB catalog that holds the Trino macros, and how SQL names one of them. */
import { quoteIdentifier } from '../sql/quote.js';

export const TRINO_FUNCTIONS_CATALOG = 'trino_functions';

/** The qualified name a rewritten call uses (a query runs with another catalog in USE). */
export function macroName(name: string): string {
  return `${TRINO_FUNCTIONS_CATALOG}.main.${quoteIdentifier(name)}`;
}
