/**
 * Poison isolation for a staged batch: materializes a conversion of a stage table's rows, and when
 * a row makes the conversion fail, finds such rows by bisection over rowids instead of failing the
 * batch. The caller rejects those rows with the error and commits the rest, so one bad row never
 * blocks the rows (and batches) after it. The stage lives in memory, so a failure here comes from
 * the data, not from I/O.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../tables/TableStore.js';

export interface IsolatedRow {
  /** rowid in the stage table: the row's position in the staged input. */
  readonly rowid: number;
  readonly error: string;
}

/**
 * Creates temp table `target` from `convert(where)` (a query over the stage's rows satisfying the
 * predicate `where`) and returns the rows that could not be converted.
 */
export async function materializeIsolating(
  conn: DuckDBConnection,
  target: string,
  rowCount: number,
  convert: (where: string) => string,
): Promise<IsolatedRow[]> {
  const table = quoteIdent(target);
  try {
    await conn.run(`create or replace temp table ${table} as ${convert('true')}`);
    return [];
  } catch {
    await conn.run(`create or replace temp table ${table} as ${convert('false')}`);
  }
  const failed: IsolatedRow[] = [];
  const insertRange = async (from: number, to: number): Promise<void> => {
    try {
      await conn.run(`insert into ${table} ${convert(`rowid >= ${from} and rowid < ${to}`)}`);
    } catch (error) {
      if (to - from === 1) {
        failed.push({ rowid: from, error: error instanceof Error ? error.message : String(error) });
        return;
      }
      const middle = from + Math.floor((to - from) / 2);
      await insertRange(from, middle);
      await insertRange(middle, to);
    }
  };
  await insertRange(0, rowCount);
  return failed;
}
