/** Reads a scan's rows through DuckDB by field id (test oracle for what the planned files hold). */
import { sharedConnection } from '../../../layers/engine/index.js';
import { type FileScanTask, readParquetByFieldId, type Table } from '../../../layers/iceberg/index.js';

export async function rowsOf(
  table: Table,
  tasks: readonly FileScanTask[],
  columns = '*',
  where = 'TRUE',
): Promise<Record<string, unknown>[]> {
  if (tasks.length === 0) return [];
  const schema = tasks[0]?.schema ?? table.schema();
  const paths = await Promise.all(tasks.map((t) => table.io.localPath(t.dataFile.filePath)));
  const connection = await sharedConnection();
  const reader = await connection.runAndReadAll(
    `SELECT ${columns} FROM ${readParquetByFieldId(paths, schema)} WHERE ${where}`,
  );
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

export function totalRecords(tasks: readonly FileScanTask[]): number {
  return tasks.reduce((n, t) => n + t.dataFile.recordCount, 0);
}
