/** Runs one dashboard query on the lakehouse engine, its values bound as parameters, into columns. */
import type { DuckDBValue } from '@duckdb/node-api';
import type { QueryEngine } from '../../layers/engine/index.js';
import type { ColumnValues } from './arrowEncoding.js';

export interface DashboardQuery {
  readonly sql: string;
  readonly parameters: readonly DuckDBValue[];
}

export async function queryColumns(engine: QueryEngine, query: DashboardQuery): Promise<ColumnValues[]> {
  const result = await engine.query(query.sql, {}, query.parameters);
  const values: DuckDBValue[][] = result.columns.map(() => []);
  for await (const rows of result.batches) {
    for (const row of rows) {
      row.forEach((value, i) => {
        values[i]?.push(value);
      });
    }
  }
  return result.columns.map((column, i) => ({ name: column.name, type: column.type, values: values[i] ?? [] }));
}
