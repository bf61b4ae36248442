/**
 * Prints an in-process engine result exactly as `--server` prints the gateway's: every value is
 * encoded as the gateway sends it to Trino clients (so a timestamp with time zone reads
 * `2024-03-01 12:34:56.123456 UTC`, as the Trino CLI shows it) and goes through the same printer.
 */
import type { QueryResult } from '../../../layers/engine/index.js';
import { rowRenderer, trinoType } from '../protocol/trinoTypes.js';
import { createRowPrinter, type OutputFormat } from './formatRows.js';
import { parseTrinoRow } from './queryTrino.js';

/** Writes the result in the format and returns the number of rows. */
export async function printEngineResult(
  result: QueryResult,
  format: OutputFormat,
  write: (text: string) => void,
): Promise<number> {
  const types = result.columns.map((column) => trinoType(column.type));
  const columns = result.columns.map((column, i) => ({ name: column.name, type: types[i]?.name ?? 'unknown' }));
  const render = rowRenderer(types);
  const printer = createRowPrinter(format, write);
  let rows = 0;
  for await (const batch of result.batches) {
    printer.page({ columns, rows: batch.map((row) => parseTrinoRow(render(row))) });
    rows += batch.length;
  }
  if (rows === 0) printer.page({ columns, rows: [] });
  printer.end();
  return rows;
}
