/**
 * The gateway's statement allow-list: one read-only statement per request (SELECT, WITH, VALUES,
 * TABLE, SHOW, DESCRIBE, EXPLAIN, USE; EXECUTE IMMEDIATE, PREPARE and EXECUTE of one of those; DEALLOCATE
 * PREPARE), no statement keyword that writes or changes the session or
 * the database, no table function that reads files, URLs or the environment, and no file path used
 * as a table. This is the first of two walls: the engine's DuckDB also runs with external access
 * limited to the warehouse and its cache.
 */
import { GatewayQueryError } from '../protocol/errors.js';
import { expandExecuteImmediate } from './executeImmediate.js';
import {
  expandExecute,
  type PreparedStatements,
  type PrepareStatement,
  parseDeallocate,
  parsePrepare,
} from './preparedStatements.js';
import { isSymbol, isWord, SqlTokenError, type Token, tokenize } from './tokens.js';

export type StatementKind = 'query' | 'show' | 'describe' | 'use' | 'explain' | 'prepare' | 'deallocate';

export interface CheckedStatement {
  readonly kind: StatementKind;
  /** The statement's tokens, without comments and trailing semicolons. */
  readonly tokens: readonly Token[];
  /** The statement text without trailing semicolons. */
  readonly sql: string;
  /** For PREPARE: the name and the (checked) statement. */
  readonly prepare?: PrepareStatement;
  /** For DEALLOCATE PREPARE: the name. */
  readonly deallocate?: string;
}

const QUERY_STARTS = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);

/** Statements that write data or reach outside the warehouse: refused as a permission matter. */
const WRITING_OR_ESCAPING = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'COPY',
  'EXPORT',
  'IMPORT',
  'ATTACH',
  'DETACH',
  'INSTALL',
  'LOAD',
  'FORCE',
  'GRANT',
  'REVOKE',
  'CHECKPOINT',
  'VACUUM',
  'COMMENT',
]);

/** Session, transaction and procedural statements: not offered by this read-only endpoint. */
const UNSUPPORTED = new Set([
  'SET',
  'RESET',
  'PRAGMA',
  'CALL',
  'BEGIN',
  'START',
  'COMMIT',
  'ROLLBACK',
  'ABORT',
  'SUMMARIZE',
  'PIVOT',
  'UNPIVOT',
  'FROM',
  'REFRESH',
  'ANALYZE',
  'DENY',
]);

/** Table and scalar functions that read files, URLs, other databases, secrets or the environment. */
const FORBIDDEN_FUNCTIONS = new Set([
  'read_csv',
  'read_csv_auto',
  'sniff_csv',
  'read_parquet',
  'parquet_scan',
  'parquet_metadata',
  'parquet_schema',
  'parquet_file_metadata',
  'parquet_kv_metadata',
  'parquet_bloom_probe',
  'read_json',
  'read_json_auto',
  'read_json_objects',
  'read_json_objects_auto',
  'read_ndjson',
  'read_ndjson_auto',
  'read_ndjson_objects',
  'read_text',
  'read_blob',
  'read_xlsx',
  'glob',
  'st_read',
  'delta_scan',
  'sqlite_scan',
  'sqlite_attach',
  'postgres_scan',
  'postgres_attach',
  'postgres_query',
  'mysql_scan',
  'mysql_query',
  'query',
  'query_table',
  'getenv',
  'duckdb_secrets',
  'which_secret',
  'load_aws_credentials',
  'enable_logging',
  'checkpoint',
  'force_checkpoint',
]);

/** Words that end a FROM list at the same nesting depth. */
const FROM_LIST_END = new Set([
  'WHERE',
  'GROUP',
  'HAVING',
  'QUALIFY',
  'WINDOW',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'ON',
  'USING',
  'FETCH',
  'SELECT',
]);

const FILE_LIKE = /[/\\]|\.(csv|tsv|txt|parquet|json|jsonl|ndjson|gz|zst|xlsx|db|duckdb|sqlite|arrow|avro)$/i;

function denied(message: string): GatewayQueryError {
  return new GatewayQueryError('PERMISSION_DENIED', message);
}

function stripTrailingSemicolons(tokens: Token[]): Token[] {
  let end = tokens.length;
  while (end > 0 && isSymbol(tokens[end - 1], ';')) end--;
  return tokens.slice(0, end);
}

function checkStatementStart(first: Token): StatementKind {
  if (first.kind === 'symbol' && first.value === '(') return 'query';
  if (first.kind !== 'word') throw new GatewayQueryError('SYNTAX_ERROR', `unexpected token at start of statement`);
  const word = first.value;
  if (QUERY_STARTS.has(word)) return 'query';
  if (word === 'SHOW') return 'show';
  if (word === 'DESCRIBE' || word === 'DESC') return 'describe';
  if (word === 'EXPLAIN') return 'explain';
  if (word === 'USE') return 'use';
  if (word === 'PREPARE') return 'prepare';
  if (word === 'DEALLOCATE') return 'deallocate';
  if (WRITING_OR_ESCAPING.has(word)) {
    throw denied(
      `${word} is not allowed: this endpoint is read-only (queries only: SELECT, WITH, SHOW, DESCRIBE, EXPLAIN, VALUES, USE)`,
    );
  }
  if (UNSUPPORTED.has(word)) {
    throw new GatewayQueryError('NOT_SUPPORTED', `${word} statements are not supported by this read-only endpoint`);
  }
  throw new GatewayQueryError(
    'SYNTAX_ERROR',
    `mismatched input '${word.toLowerCase()}': expected a query (SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE, EXPLAIN, USE)`,
  );
}

/** Walks the tokens once: forbidden keywords, forbidden functions, and file paths in table position. */
function checkBody(tokens: readonly Token[]): void {
  // fromDepths: nesting depths at which a FROM list is open.
  const fromDepths: number[] = [];
  let depth = 0;
  let expectTable = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    const next = tokens[i + 1];
    if (isSymbol(token, '(')) {
      depth++;
      expectTable = false;
      continue;
    }
    if (isSymbol(token, ')')) {
      while (fromDepths.length > 0 && (fromDepths.at(-1) as number) >= depth) fromDepths.pop();
      depth--;
      expectTable = false;
      continue;
    }
    if (token.kind === 'word' && WRITING_OR_ESCAPING.has(token.value) && !isSymbol(tokens[i - 1], '.')) {
      throw denied(`${token.value} is not allowed: this endpoint is read-only`);
    }
    if ((token.kind === 'word' || token.kind === 'identifier') && isSymbol(next, '(')) {
      const name = token.value.toLowerCase();
      if (FORBIDDEN_FUNCTIONS.has(name)) {
        throw denied(
          `function ${name}() is not allowed: it reads files, URLs or settings outside the lakehouse tables`,
        );
      }
    }
    if (expectTable) {
      if (token.kind === 'string') {
        throw denied(
          `reading the file or URL '${token.value}' as a table is not allowed: query lakehouse tables by name`,
        );
      }
      if (token.kind === 'identifier' && FILE_LIKE.test(token.value)) {
        throw denied(`reading the file "${token.value}" as a table is not allowed: query lakehouse tables by name`);
      }
    }
    expectTable = false;
    if (isWord(token, 'FROM', 'JOIN')) {
      expectTable = true;
      if (token.value === 'FROM') fromDepths.push(depth);
    } else if (isSymbol(token, ',') && fromDepths.at(-1) === depth) {
      expectTable = true;
    } else if (token.kind === 'word' && FROM_LIST_END.has(token.value) && fromDepths.at(-1) === depth) {
      fromDepths.pop();
    }
  }
}

/** Accepts one read-only statement or throws a GatewayQueryError that says why not. */
export function checkStatement(sql: string, prepared: PreparedStatements = new Map()): CheckedStatement {
  let tokens: Token[];
  try {
    tokens = stripTrailingSemicolons(tokenize(sql));
  } catch (error) {
    if (error instanceof SqlTokenError)
      throw new GatewayQueryError('SYNTAX_ERROR', `${error.message} at position ${error.position}`);
    throw error;
  }
  const first = tokens[0];
  if (first === undefined) throw new GatewayQueryError('SYNTAX_ERROR', 'empty statement');
  if (tokens.some((token) => isSymbol(token, ';'))) {
    throw new GatewayQueryError('NOT_SUPPORTED', 'multiple statements in one request are not supported');
  }
  const bound = expandExecuteImmediate(sql, tokens) ?? expandExecute(sql, tokens, prepared);
  if (bound !== undefined) return checkStatement(bound);
  const kind = checkStatementStart(first);
  const last = tokens.at(-1) as Token;
  const checked = { kind, tokens, sql: sql.slice(0, last.end) };
  if (kind === 'prepare') {
    const prepare = parsePrepare(sql, tokens);
    checkStatement(prepare.statement);
    return { ...checked, prepare };
  }
  if (kind === 'deallocate') return { ...checked, deallocate: parseDeallocate(sql, tokens, prepared) };
  if (kind !== 'show' && kind !== 'describe' && kind !== 'use') checkBody(tokens);
  return checked;
}
