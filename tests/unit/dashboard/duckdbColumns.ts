/** Runs SQL on an in-memory DuckDB (UTC) and returns its result as the dashboard's ColumnValues. */
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { ColumnValues } from '../../../local/dashboard/arrowEncoding.js';

export interface TestDuckDB {
  columns(sql: string, parameters?: readonly DuckDBValue[]): Promise<ColumnValues[]>;
  run(sql: string): Promise<void>;
  close(): void;
}

export async function testDuckDB(): Promise<TestDuckDB> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return {
    columns: async (sql, parameters = []) => {
      const reader = await connection.runAndReadAll(sql, [...parameters]);
      const columns = reader.getColumns();
      return reader.columnNames().map((name, i) => ({ name, type: reader.columnType(i), values: columns[i] ?? [] }));
    },
    run: async (sql) => {
      await connection.run(sql);
    },
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
