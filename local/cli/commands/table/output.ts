/**
 * How the `lakehouse table` commands print: `table` (aligned columns with a header, numbers right-
 * aligned) for people, `json` (one object per line, 64-bit ids as exact JSON numbers, as Iceberg
 * metadata writes them) for scripts.
 */
import { Option } from 'commander';
import { stringifyJson } from '../../../../layers/iceberg/index.js';

export const TABLE_OUTPUT_FORMATS = ['table', 'json'] as const;
export type TableOutputFormat = (typeof TABLE_OUTPUT_FORMATS)[number];

export type Row = Readonly<Record<string, unknown>>;

export const formatOption = (): Option =>
  new Option('--format <format>', 'output format').choices(TABLE_OUTPUT_FORMATS).default('table');

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.replaceAll('\n', '\\n');
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return stringifyJson(value);
}

const isNumeric = (value: unknown): boolean => typeof value === 'number' || typeof value === 'bigint';

/** Rows as aligned text under `columns` (every row's keys when omitted); `(none)` for no rows. */
export function renderTable(rows: readonly Row[], columns?: readonly string[]): string {
  const names = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (rows.length === 0) return '(none)\n';
  const cells = rows.map((row) => names.map((name) => cellText(row[name])));
  const right = names.map((name) => rows.every((row) => row[name] == null || isNumeric(row[name])));
  const widths = names.map((name, i) => Math.max(name.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (texts: readonly string[]) =>
    texts
      .map((text, i) => (right[i] ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(names), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n')}\n`;
}

/** `key  value` lines, keys aligned (one record for people). */
export function renderRecord(record: Row): string {
  const width = Math.max(...Object.keys(record).map((key) => key.length));
  return Object.entries(record)
    .map(([key, value]) => `${key.padEnd(width)}  ${cellText(value)}`.trimEnd())
    .join('\n')
    .concat('\n');
}

export function writeOut(text: string): void {
  process.stdout.write(text);
}

/** Prints rows in the chosen format. */
export function printRows(rows: readonly Row[], format: TableOutputFormat, columns?: readonly string[]): void {
  if (format === 'json') {
    for (const row of rows) writeOut(`${stringifyJson(row)}\n`);
    return;
  }
  writeOut(renderTable(rows, columns));
}
