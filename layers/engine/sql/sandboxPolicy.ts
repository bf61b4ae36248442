/**
 * The sandbox for statements from users of a shared endpoint, decided on DuckDB's own parse of the
 * exact text that will run (never on a tokenizer of ours, which may disagree with DuckDB on what
 * is a literal or a comment): `json_serialize_sql` must see exactly one SELECT, and its syntax tree
 * may call no function that reads files, URLs, settings, secrets or the environment or runs SQL
 * from a string, may use only pure generators as table functions, and may name no file as a table.
 * EXPLAIN [ANALYZE] of such a SELECT is allowed too.
 */
import { type DuckDBConnection, StatementType } from '@duckdb/node-api';
import { PermissionDeniedError, QuerySyntaxError } from '../errors.js';
import { isKeyword, isSignificant, tokenize } from './tokenizer.js';

export interface SandboxedStatement {
  /** The text to run: the checked SELECT, or EXPLAIN [ANALYZE] followed by it. */
  readonly sql: string;
  /** What DuckDB must classify the prepared statement as (anything else is refused). */
  readonly statementType: StatementType;
}

/**
 * Table functions a query may use. The engine's own scans never appear here: tables are views and
 * the Trino rewrite's time travel and metadata tables are temporary views, so every table function
 * in the checked text was written by the user.
 */
const ALLOWED_TABLE_FUNCTIONS = new Set(['range', 'generate_series', 'unnest']);

/** Functions that read outside the query's tables (files, settings, secrets, environment) or run SQL. */
const DENIED_FUNCTIONS = new Set([
  'current_setting',
  'getvariable',
  'getenv',
  'glob',
  'query',
  'query_table',
  'sniff_csv',
  'which_secret',
  'load_aws_credentials',
  'json_execute_serialized_sql',
  'json_serialize_sql',
  'json_deserialize_sql',
  'json_serialize_plan',
  'sql_auto_complete',
  'write_log',
  'checkpoint',
  'force_checkpoint',
  'st_read',
]);
const DENIED_PREFIXES = [
  'read_',
  'parquet_',
  'duckdb_',
  'pragma_',
  'sqlite_',
  'postgres_',
  'mysql_',
  'iceberg_',
  'delta_',
  'enable_',
  'disable_',
  'truncate_',
];

/**
 * DuckDB's built-in views over settings, logs, database files and view definitions (which hold the
 * engine's generated scans with the warehouse's file paths); the table and column listings stay readable.
 */
const DENIED_VIEWS: ReadonlyMap<string, string> = new Map([
  ['pg_settings', 'pg_catalog'],
  ['pg_views', 'pg_catalog'],
  ['duckdb_logs', 'main'],
  ['duckdb_databases', 'main'],
  ['pragma_database_list', 'main'],
  ['duckdb_views', 'main'],
  ['sqlite_master', 'main'],
  ['sqlite_schema', 'main'],
  ['sqlite_temp_master', 'main'],
  ['sqlite_temp_schema', 'main'],
  ['views', 'information_schema'],
]);

/**
 * Refused in any schema (a qualifier such as `system.` may name a catalog, not a schema), except
 * `views`, which only information_schema holds.
 */
function isDeniedView(schema: string, name: string): boolean {
  const home = DENIED_VIEWS.get(name);
  return home !== undefined && (home !== 'information_schema' || schema === home);
}

/** A table name DuckDB would read as a file or URL (its replacement scans). */
const FILE_LIKE = /[/\\:]|\.(csv|tsv|txt|parquet|json|jsonl|ndjson|gz|zst|xlsx|db|duckdb|sqlite|arrow|avro|orc)$/i;

function denied(what: string, why: string): PermissionDeniedError {
  return new PermissionDeniedError(`${what} is not allowed: ${why}`);
}

function isDeniedFunction(name: string): boolean {
  return DENIED_FUNCTIONS.has(name) || DENIED_PREFIXES.some((prefix) => name.startsWith(prefix));
}

function checkFunction(name: string): void {
  if (isDeniedFunction(name)) {
    throw denied(
      `function ${name}()`,
      'it reads files, URLs, settings or the environment, or runs SQL, outside the lakehouse tables',
    );
  }
}

function checkTableReference(node: Record<string, unknown>): void {
  if (node.type === 'TABLE_FUNCTION') {
    const fn = node.function as { function_name?: unknown } | undefined;
    const name = String(fn?.function_name ?? '').toLowerCase();
    if (!ALLOWED_TABLE_FUNCTIONS.has(name)) {
      throw denied(
        `table function ${name}()`,
        `only ${[...ALLOWED_TABLE_FUNCTIONS].join(', ')} may be used as tables; query lakehouse tables by name`,
      );
    }
  } else if (node.type === 'BASE_TABLE') {
    const name = String(node.table_name ?? '');
    if (FILE_LIKE.test(name)) {
      throw denied(`reading the file or URL '${name}' as a table`, 'query lakehouse tables by name');
    }
    if (isDeniedView(String(node.schema_name ?? '').toLowerCase(), name.toLowerCase())) {
      throw denied(`the view ${name}`, 'it shows the database settings, logs, files or view definitions');
    }
  } else if (node.type === 'SHOW_REF') {
    throw denied('DESCRIBE or SUMMARIZE inside a query', 'use DESCRIBE as a statement of its own');
  }
}

/** Visits every node of the syntax tree: expressions carry `class`, table references and query nodes do not. */
function walk(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (typeof record.function_name === 'string') checkFunction(record.function_name.toLowerCase());
  if (record.class === undefined && typeof record.type === 'string') checkTableReference(record);
  for (const value of Object.values(record)) walk(value);
}

interface SerializedSql {
  readonly error: boolean;
  readonly error_type?: string;
  readonly error_message?: string;
  readonly statements?: readonly { readonly node: unknown }[];
}

async function serialize(connection: DuckDBConnection, sql: string): Promise<SerializedSql> {
  // The statement is a bound parameter: it never becomes part of the SQL text that parses it.
  const reader = await connection.runAndReadAll('SELECT json_serialize_sql(?::VARCHAR)', [sql]);
  return JSON.parse(String(reader.getRows()[0]?.[0])) as SerializedSql;
}

/** Splits a leading EXPLAIN [ANALYZE]; the rest must stand on its own as one SELECT. */
function splitExplain(sql: string): { prefix: string; query: string } {
  const significant = tokenize(sql).filter(isSignificant);
  if (!isKeyword(significant[0], 'EXPLAIN')) return { prefix: '', query: sql };
  const analyze = isKeyword(significant[1], 'ANALYZE');
  const last = significant[analyze ? 1 : 0];
  const end = last === undefined ? sql.length : last.start + last.text.length;
  return { prefix: analyze ? 'EXPLAIN ANALYZE ' : 'EXPLAIN ', query: sql.slice(end) };
}

/**
 * Checks `sql` on DuckDB's parse and returns what to run, or throws PermissionDeniedError naming
 * the function, table or statement that is not allowed (QuerySyntaxError when DuckDB cannot parse it).
 */
export async function sandboxedStatement(connection: DuckDBConnection, sql: string): Promise<SandboxedStatement> {
  const { prefix, query } = splitExplain(sql);
  const parsed = await serialize(connection, query);
  if (parsed.error) {
    if (parsed.error_type === 'parser') throw new QuerySyntaxError(`Parser Error: ${parsed.error_message}`);
    throw denied(
      'this statement',
      `only one read-only query (SELECT, WITH, VALUES, TABLE, FROM, or EXPLAIN of one) runs here (DuckDB: ${parsed.error_message})`,
    );
  }
  const statements = parsed.statements ?? [];
  if (statements.length === 0) throw new QuerySyntaxError('empty statement');
  if (statements.length > 1) {
    throw denied('more than one statement', `DuckDB reads ${statements.length} statements here; send one per request`);
  }
  walk(statements[0]?.node);
  return {
    sql: prefix + query,
    statementType: prefix === '' ? StatementType.SELECT : StatementType.EXPLAIN,
  };
}
