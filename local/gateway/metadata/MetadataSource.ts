/**
 * Where the gateway learns which schemas and tables exist (for SHOW, information_schema and
 * system.jdbc). Column types always come from the engine itself (a zero-row query on the table), so a
 * source only lists names. The default asks the engine's own information_schema; a deployment whose
 * engine resolves tables lazily through the Iceberg catalog passes a catalog-backed source instead.
 */
import type { QueryEngine, ResultColumn } from '../../../layers/engine/index.js';

export interface TableName {
  readonly schema: string;
  readonly table: string;
}

export interface MetadataSource {
  listSchemas(): Promise<string[]>;
  listTables(schema?: string): Promise<TableName[]>;
}

async function collectRows(engine: QueryEngine, sql: string): Promise<unknown[][]> {
  const result = await engine.query(sql);
  const rows: unknown[][] = [];
  for await (const batch of result.batches) for (const row of batch) rows.push([...row]);
  return rows;
}

const HIDDEN_SCHEMAS = "('information_schema', 'pg_catalog')";

/** Lists what the engine's DuckDB catalog holds in its current database. */
export function engineMetadataSource(engine: QueryEngine): MetadataSource {
  return {
    async listSchemas() {
      const rows = await collectRows(
        engine,
        // DuckDB's default schema `main` is listed only when something lives in it.
        `SELECT DISTINCT schema_name FROM information_schema.schemata WHERE catalog_name = current_database() AND schema_name NOT IN ${HIDDEN_SCHEMAS} AND (schema_name <> 'main' OR EXISTS (SELECT 1 FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema = 'main')) ORDER BY 1`,
      );
      return rows.map((row) => String(row[0]));
    },
    async listTables(schema) {
      const filter = schema === undefined ? '' : ` AND table_schema = '${schema.replaceAll("'", "''")}'`;
      const rows = await collectRows(
        engine,
        `SELECT table_schema, table_name FROM information_schema.tables WHERE table_catalog = current_database() AND table_schema NOT IN ${HIDDEN_SCHEMAS}${filter} ORDER BY 1, 2`,
      );
      return rows.map((row) => ({ schema: String(row[0]), table: String(row[1]) }));
    },
  };
}

function quoteIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** The SQL name of a table as the engine resolves it under the default catalog (schema.table). */
export function engineTableName(name: TableName): string {
  return `${quoteIdentifier(name.schema)}.${quoteIdentifier(name.table)}`;
}

/** A table's columns, from a zero-row query through the engine (so views, time travel and metadata tables agree). */
export async function describeTable(
  engine: QueryEngine,
  name: TableName,
  signal?: AbortSignal,
): Promise<ResultColumn[]> {
  // The name may come from a user's DESCRIBE: the query runs sandboxed like any user query.
  const result = await engine.query(`SELECT * FROM ${engineTableName(name)} LIMIT 0`, {
    sandboxed: true,
    ...(signal ? { signal } : {}),
  });
  for await (const _ of result.batches) {
    // drain the empty result so the engine releases its connection
  }
  return [...result.columns];
}
