/**
 * The SQL engine seen by its front ends (the `lakehouse sql` CLI and the Trino-protocol gateway):
 * a query in, typed columns and row batches out. Values are DuckDB's own (`DuckDBValue`), so every
 * front end decides how to render exact decimals, timestamps and nested types.
 */
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';

export interface ResultColumn {
  readonly name: string;
  readonly type: DuckDBType;
}

export interface QueryResult {
  readonly columns: readonly ResultColumn[];
  /** Row batches in order; stops early when the query's signal aborts. */
  readonly batches: AsyncIterable<readonly (readonly DuckDBValue[])[]>;
  /** Rows updated for statements that change data; undefined for queries. */
  readonly updatedRows?: number;
}

export interface QuerySession {
  /** Default catalog and schema for unqualified names (Trino's X-Trino-Catalog / X-Trino-Schema). */
  readonly catalog?: string;
  readonly schema?: string;
  readonly user?: string;
  readonly signal?: AbortSignal;
  /**
   * The statement comes from a user of a shared endpoint (the gateway): the engine runs it only if
   * DuckDB's own parse of the text it will execute is one SELECT (or EXPLAIN of one) that passes
   * the sandbox policy (layers/engine/sql/sandboxPolicy.ts), and refuses it otherwise.
   */
  readonly sandboxed?: boolean;
}

export interface QueryEngine {
  /** Runs one statement; `parameters` bind its `?` / `$n` placeholders in order (values never enter the SQL text). */
  query(sql: string, session?: QuerySession, parameters?: readonly DuckDBValue[]): Promise<QueryResult>;
  close(): Promise<void>;
}
