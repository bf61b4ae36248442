/**
 * Trino-level routing of one statement per request: SHOW, DESCRIBE and USE go to the gateway's
 * metadata statements, EXECUTE IMMEDIATE and EXECUTE of a prepared statement are expanded,
 * PREPARE and DEALLOCATE PREPARE are answered, queries (SELECT, WITH, VALUES, TABLE, EXPLAIN) go
 * on, and statements this read-only endpoint never runs are refused by their first word with a
 * clear error. What a query may touch is not decided here: the engine checks DuckDB's own parse of
 * the text it executes (layers/engine/sql/sandboxPolicy.ts), and its DuckDB runs with external
 * access limited and the configuration locked.
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
import { isSymbol, type Token, tokenize } from './tokens.js';

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

/** Accepts one read-only statement or throws a GatewayQueryError that says why not. */
export function checkStatement(sql: string, prepared: PreparedStatements = new Map()): CheckedStatement {
  const tokens = stripTrailingSemicolons(tokenize(sql));
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
  return checked;
}
