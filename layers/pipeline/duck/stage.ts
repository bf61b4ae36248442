/**
 * Moves rows built in TypeScript into a DuckDB temp table through the appender (no SQL text per
 * row). Stage columns are plain: exact decimals travel as VARCHAR and times as epoch microseconds,
 * and the query that reads the stage casts them.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from '../tables/TableStore.js';

export type StageType = 'VARCHAR' | 'BIGINT' | 'INTEGER';
export type StageValue = string | bigint | number | null;

let stageCounter = 0;

/** A fresh temp table name (connections are reused across invocations). */
export function stageName(prefix: string): string {
  stageCounter += 1;
  return `${prefix}_${process.pid}_${stageCounter}`;
}

export async function stageRows(
  conn: DuckDBConnection,
  table: string,
  columns: readonly (readonly [string, StageType])[],
  rows: Iterable<readonly StageValue[]>,
): Promise<void> {
  const ddl = columns.map(([name, type]) => `${quoteIdent(name)} ${type}`).join(', ');
  await conn.run(`create or replace temp table ${quoteIdent(table)} (${ddl})`);
  const appender = await conn.createAppender(table, 'main', 'temp');
  try {
    for (const row of rows) {
      for (let index = 0; index < columns.length; index += 1) {
        const value = row[index] ?? null;
        const type = (columns[index] as readonly [string, StageType])[1];
        if (value === null) appender.appendNull();
        else if (type === 'VARCHAR') appender.appendVarchar(String(value));
        else if (type === 'BIGINT') appender.appendBigInt(BigInt(value));
        else appender.appendInteger(Number(value));
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

export async function dropTemp(conn: DuckDBConnection, ...tables: string[]): Promise<void> {
  for (const table of tables) await conn.run(`drop table if exists ${quoteIdent(table)}`);
}
