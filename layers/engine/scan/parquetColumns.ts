/**
 * The column tree of Parquet files (names and field ids, nested included) from their footers
 * (DuckDB's parquet_schema). Files written without field ids (imported or migrated data) are read
 * through the table's name mapping; files whose nested struct fields differ from the table's
 * (added, renamed or dropped inside a struct) have their structs rebuilt by id.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteString } from '../sql/quote.js';

export interface ParquetNode {
  readonly name: string;
  readonly fieldId: number | undefined;
  readonly children: readonly ParquetNode[];
}

export interface ParquetColumns {
  readonly hasFieldIds: boolean;
  /** Top-level column names in file order. */
  readonly columns: readonly string[];
  /** Top-level columns with their subtrees. */
  readonly nodes: readonly ParquetNode[];
}

interface SchemaRow {
  readonly name: string;
  readonly fieldId: number | undefined;
  readonly children: number;
}

function tree(rows: readonly SchemaRow[]): ParquetColumns {
  let hasFieldIds = false;
  // Rows are the schema tree in depth-first order; row 0 is the root.
  let index = 1;
  const node = (): ParquetNode => {
    const row = rows[index++] as SchemaRow;
    if (row.fieldId !== undefined) hasFieldIds = true;
    const children: ParquetNode[] = [];
    for (let i = 0; i < row.children && index < rows.length; i++) children.push(node());
    return { name: row.name, fieldId: row.fieldId, children };
  };
  const nodes: ParquetNode[] = [];
  const rootChildren = rows[0]?.children ?? 0;
  for (let i = 0; i < rootChildren && index < rows.length; i++) nodes.push(node());
  return { hasFieldIds, columns: nodes.map((n) => n.name), nodes };
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
      fieldId: fieldId === null ? undefined : Number(fieldId),
      children: children === null ? 0 : Number(children),
    });
    byFile.set(String(file), rows);
  }
  for (const [file, rows] of byFile) result.set(file, tree(rows));
  return result;
}
