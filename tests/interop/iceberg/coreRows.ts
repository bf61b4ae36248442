/**
 * The core library's own reading of a snapshot: plan files with TableScan, read them by field id
 * through DuckDB, values in the same exact text form as the other readers. (Copy-on-write tables:
 * no delete files to apply.)
 */
import { sharedConnection } from '../../../layers/engine/index.js';
import { readParquetByFieldId, type Table } from '../../../layers/iceberg/index.js';
import type { ExactRow } from './tradesTable.js';

function exactColumn(name: string, type: unknown): string {
  const quoted = `"${name.replaceAll('"', '""')}"`;
  if (type === 'timestamptz' || type === 'timestamp') return `CAST(epoch_us(${quoted}) AS VARCHAR) AS ${quoted}`;
  return `CAST(${quoted} AS VARCHAR) AS ${quoted}`;
}

export async function coreRows(table: Table, snapshotId: bigint): Promise<ExactRow[]> {
  const scan = table.scan({ snapshotId });
  const tasks = await scan.planFiles();
  if (tasks.some((t) => t.deleteFiles.length > 0)) throw new Error('coreRows reads copy-on-write tables only');
  if (tasks.length === 0) return [];
  const schema = scan.schema();
  const paths = await Promise.all(
    tasks.map((t) => table.io.localPath(t.dataFile.filePath, Number(t.dataFile.fileSizeInBytes))),
  );
  const select = schema.fields.map((f) => exactColumn(f.name, f.type)).join(', ');
  const connection = await sharedConnection();
  try {
    const reader = await connection.runAndReadAll(`SELECT ${select} FROM ${readParquetByFieldId(paths, schema)}`);
    return reader.getRowObjectsJS() as ExactRow[];
  } finally {
    connection.closeSync();
  }
}
