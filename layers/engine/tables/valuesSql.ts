/** A typed, constant relation as SQL: the rows of a metadata table, already rendered as literals. */
import { quoteIdentifier } from '../sql/quote.js';

export interface ValuesColumn {
  readonly name: string;
  /** DuckDB type of the column. */
  readonly type: string;
}

/** SELECT with exactly these column names and types; `rows` hold SQL expressions (literals). */
export function valuesSql(columns: readonly ValuesColumn[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) {
    return `SELECT ${columns.map((c) => `CAST(NULL AS ${c.type}) AS ${quoteIdentifier(c.name)}`).join(', ')} WHERE false`;
  }
  const names = columns.map((_, i) => `v${i}`);
  const casts = columns.map((c, i) => `CAST(v${i} AS ${c.type}) AS ${quoteIdentifier(c.name)}`);
  const values = rows.map((row) => `(${row.join(', ')})`).join(', ');
  return `SELECT ${casts.join(', ')} FROM (VALUES ${values}) AS __values(${names.join(', ')})`;
}
