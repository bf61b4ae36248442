/**
 * Prints a Trino result as an aligned table (like the Trino CLI's ALIGNED format), CSV or JSON lines.
 * CSV and JSON stream page by page; the table waits for all rows to size its columns.
 */
import type { TrinoColumn, TrinoPage, TrinoValue } from './queryTrino.js';

export type OutputFormat = 'table' | 'csv' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json'];

function isNumberText(value: TrinoValue): value is { numberText: string } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof value.numberText === 'string';
}

/** JSON text of a value with numbers written exactly as received. */
function jsonText(value: TrinoValue): string {
  if (value === null) return 'null';
  if (isNumberText(value)) return value.numberText;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The display text of a value: strings bare, NULL as 'NULL', nested values as JSON. */
export function displayText(value: TrinoValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (isNumberText(value)) return value.numberText;
  return jsonText(value);
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface RowPrinter {
  page(page: TrinoPage): void;
  end(): void;
}

function alignedTable(columns: readonly TrinoColumn[], rows: readonly string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.name.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    ` ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')}`.trimEnd();
  const header = line(columns.map((c) => c.name));
  const rule = widths.map((w) => '-'.repeat(w + 2)).join('+');
  const body = rows.map(line);
  return `${[header, rule, ...body].join('\n')}\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`;
}

export function createRowPrinter(format: OutputFormat, write: (text: string) => void): RowPrinter {
  let columns: readonly TrinoColumn[] = [];
  const buffered: string[][] = [];
  let headerWritten = false;
  return {
    page(page) {
      columns = page.columns;
      if (format === 'table') {
        for (const row of page.rows) buffered.push(row.map(displayText));
        return;
      }
      if (format === 'csv') {
        if (!headerWritten) write(`${columns.map((c) => csvField(c.name)).join(',')}\n`);
        headerWritten = true;
        write(
          page.rows
            .map((row) => `${row.map((v) => (v === null ? '' : csvField(displayText(v)))).join(',')}\n`)
            .join(''),
        );
        return;
      }
      write(
        page.rows
          .map(
            (row) => `{${columns.map((c, i) => `${JSON.stringify(c.name)}:${jsonText(row[i] ?? null)}`).join(',')}}\n`,
          )
          .join(''),
      );
    },
    end() {
      if (format === 'table' && columns.length > 0) write(alignedTable(columns, buffered));
    },
  };
}
