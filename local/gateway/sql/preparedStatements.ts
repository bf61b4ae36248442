/**
 * Trino's prepared statements: `PREPARE name FROM <statement>`, `EXECUTE name [USING a, b]` and
 * `DEALLOCATE PREPARE name`. The gateway keeps no state: the client holds its statements and sends
 * them with every request (see protocol/preparedStatementHeaders.ts); EXECUTE binds its arguments
 * into the statement the client sent under that name, and the bound statement is checked by the
 * statement policy like any other.
 */
import { GatewayQueryError } from '../protocol/errors.js';
import { bindParameters, usingArguments } from './executeImmediate.js';
import { isWord, type Token } from './tokens.js';

export type PreparedStatements = ReadonlyMap<string, string>;

export interface PrepareStatement {
  readonly name: string;
  /** The statement text after FROM, as written. */
  readonly statement: string;
}

/** Statements Trino refuses to prepare. */
const NOT_PREPARABLE = new Set(['PREPARE', 'EXECUTE', 'DEALLOCATE']);

/** A statement name as written: a word keeps its case (Trino's names are case-sensitive), a quoted name is unquoted. */
function statementName(sql: string, token: Token | undefined, what: string): string {
  if (token?.kind === 'word') return sql.slice(token.start, token.end);
  if (token?.kind === 'identifier') return token.value;
  throw new GatewayQueryError('SYNTAX_ERROR', `${what}: expected a statement name`);
}

function notFound(name: string): GatewayQueryError {
  return new GatewayQueryError('NOT_FOUND', `Prepared statement not found: ${name}`);
}

/** `PREPARE name FROM <statement>`: the name and the statement (not yet checked). */
export function parsePrepare(sql: string, tokens: readonly Token[]): PrepareStatement {
  const name = statementName(sql, tokens[1], 'PREPARE');
  if (!isWord(tokens[2], 'FROM')) throw new GatewayQueryError('SYNTAX_ERROR', `PREPARE ${name}: expected FROM`);
  const first = tokens[3];
  const last = tokens.at(-1) as Token;
  if (first === undefined) throw new GatewayQueryError('SYNTAX_ERROR', `PREPARE ${name}: no statement after FROM`);
  if (first.kind === 'word' && NOT_PREPARABLE.has(first.value)) {
    throw new GatewayQueryError('NOT_SUPPORTED', `Invalid statement type for prepared statement: ${first.value}`);
  }
  return { name, statement: sql.slice(first.start, last.end) };
}

/** `DEALLOCATE PREPARE name`: the name, which the client must hold. */
export function parseDeallocate(sql: string, tokens: readonly Token[], prepared: PreparedStatements): string {
  if (!isWord(tokens[1], 'PREPARE')) throw new GatewayQueryError('SYNTAX_ERROR', 'expected DEALLOCATE PREPARE name');
  const name = statementName(sql, tokens[2], 'DEALLOCATE PREPARE');
  if (tokens.length > 3)
    throw new GatewayQueryError('SYNTAX_ERROR', `DEALLOCATE PREPARE ${name}: unexpected text after the name`);
  if (!prepared.has(name)) throw notFound(name);
  return name;
}

/** The statement an `EXECUTE name [USING ...]` runs, its parameters bound; undefined for other statements. */
export function expandExecute(sql: string, tokens: readonly Token[], prepared: PreparedStatements): string | undefined {
  if (!isWord(tokens[0], 'EXECUTE') || isWord(tokens[1], 'IMMEDIATE')) return undefined;
  const name = statementName(sql, tokens[1], 'EXECUTE');
  const statement = prepared.get(name);
  if (statement === undefined) throw notFound(name);
  return bindParameters(statement, usingArguments(sql, tokens, 2, `EXECUTE ${name}`));
}
