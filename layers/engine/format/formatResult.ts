/**
 * Renders a QueryResult for people and scripts: `table` (aligned text with a row count), `csv`
 * (RFC 4180 with a header row; NULL is an empty field) and `json` (one JSON object per line, keyed
 * by column name, exact values as renderValue describes). Front ends (the CLI in-process or
 * against a Trino server) hand it a QueryResult and a writer.
 */
import type { QueryResult } from '../QueryEngine.js';
import { valueToJson, valueToText } from './renderValue.js';

export const OUTPUT_FORMATS = ['table', 'csv', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type Write = (text: string) => void;

function csvField(text: string | null): string {
  if (text === null) return '';
  return /[",\r\n]/.test(text) || text === '' ? `"${text.replaceAll('"', '""')}"` : text;
}

async function writeCsv(result: QueryResult, write: Write): Promise<number> {
  write(`${result.columns.map((column) => csvField(column.name)).join(',')}\r\n`);
  let rows = 0;
  for await (const batch of result.batches) {
    let chunk = '';
    for (const row of batch) {
      chunk += `${row.map((value, index) => csvField(valueToText(value, result.columns[index]?.type))).join(',')}\r\n`;
    }
    rows += batch.length;
    if (chunk !== '') write(chunk);
  }
  return rows;
}

async function writeJson(result: QueryResult, write: Write): Promise<number> {
  let rows = 0;
  for await (const batch of result.batches) {
    let chunk = '';
    for (const row of batch) {
      const object: Record<string, unknown> = {};
      result.columns.forEach((column, index) => {
        object[column.name] = valueToJson(row[index] ?? null, column.type);
      });
      chunk += `${JSON.stringify(object)}\n`;
    }
    rows += batch.length;
    if (chunk !== '') write(chunk);
  }
  return rows;
}

const NULL_TEXT = 'NULL';

/** Right-aligns numbers, left-aligns everything else (as psql and the Trino CLI do). */
function isNumericType(typeName: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(
    typeName,
  );
}

async function writeTable(result: QueryResult, write: Write): Promise<number> {
  const header = result.columns.map((column) => column.name);
  const rightAligned = result.columns.map((column) => isNumericType(column.type.toString()));
  const cells: string[][] = [];
  for await (const batch of result.batches) {
    for (const row of batch) {
      cells.push(
        row.map((value, index) =>
          (valueToText(value, result.columns[index]?.type) ?? NULL_TEXT).replaceAll('\n', '\\n'),
        ),
      );
    }
  }
  const widths = header.map((name, index) => Math.max(name.length, ...cells.map((row) => (row[index] ?? '').length)));
  const pad = (text: string, index: number, right: boolean): string =>
    right ? text.padStart(widths[index] ?? 0) : text.padEnd(widths[index] ?? 0);
  const line = (row: readonly string[]): string =>
    ` ${row.map((text, index) => pad(text, index, rightAligned[index] ?? false)).join(' | ')}`.trimEnd();
  let out = `${line(header)}\n`;
  out += `${widths.map((width) => '-'.repeat(width + 2)).join('+')}\n`;
  for (const row of cells) out += `${line(row)}\n`;
  out += `(${cells.length} ${cells.length === 1 ? 'row' : 'rows'})\n`;
  write(out);
  return cells.length;
}

/** Writes the whole result; returns the number of rows. */
export async function formatResult(result: QueryResult, format: OutputFormat, write: Write): Promise<number> {
  if (format === 'csv') return writeCsv(result, write);
  if (format === 'json') return writeJson(result, write);
  return writeTable(result, write);
}
