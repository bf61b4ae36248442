/**
 * The top-level columns of Parquet files and whether they carry field ids, from their footers
 * (DuckDB's parquet_schema). Files written without field ids (imported or migrated data) must be
 * read through the table's name mapping instead of by id.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteString } from '../sql/quote.js';

export interface ParquetColumns {
  readonly hasFieldIds: boolean;
  /** Top-level column names in file order. */
  readonly columns: readonly string[];
}

interface SchemaRow {
  readonly name: string;
  readonly fieldId: string | null;
  readonly children: number;
}

function topLevel(rows: readonly SchemaRow[]): ParquetColumns {
  const columns: string[] = [];
  let hasFieldIds = false;
  // Rows are the schema tree in depth-first order; row 0 is the root.
  let index = 1;
  const skipSubtree = (): void => {
    const row = rows[index++];
    if (row === undefined) return;
    if (row.fieldId !== null) hasFieldIds = true;
    for (let i = 0; i < row.children; i++) skipSubtree();
  };
  const rootChildren = rows[0]?.children ?? 0;
  for (let i = 0; i < rootChildren; i++) {
    const row = rows[index];
    if (row === undefined) break;
    columns.push(row.name);
    skipSubtree();
  }
  return { hasFieldIds, columns };
}

export async function inspectParquetColumns(
  connection: DuckDBConnection,
  paths: readonly string[],
): Promise<Map<string, ParquetColumns>> {
  const result = new Map<string, ParquetColumns>();
  if (paths.length === 0) return result;
  const reader = await connection.runAndReadAll(
    `SELECT file_name, name, field_id, num_children FROM parquet_schema([${paths.map(quoteString).join(', ')}])`,
  );
  const byFile = new Map<string, SchemaRow[]>();
  for (const [file, name, fieldId, children] of reader.getRows()) {
    const rows = byFile.get(String(file)) ?? [];
    rows.push({
      name: String(name),
      fieldId: fieldId === null ? null : String(fieldId),
      children: children === null ? 0 : Number(children),
    });
    byFile.set(String(file), rows);
  }
  for (const [file, rows] of byFile) result.set(file, topLevel(rows));
  return result;
}
