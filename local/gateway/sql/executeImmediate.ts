/**
 * Trino's `EXECUTE IMMEDIATE '<statement>' USING <expr>, ...`, which the Python client and others
 * send for parameterised queries: each `?` in the statement is replaced by its argument expression
 * (in parentheses), and the result is checked like any other statement. `EXECUTE name USING ...`
 * of a prepared statement binds its arguments with the same helpers.
 */
import { GatewayQueryError } from '../protocol/errors.js';
import { isSymbol, isWord, type Token, tokenize } from './tokens.js';

/** The argument expressions after USING, as text, split at top-level commas. */
function argumentTexts(sql: string, tokens: readonly Token[], from: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i <= tokens.length; i++) {
    const token = tokens[i];
    if (token === undefined || (depth === 0 && isSymbol(token, ','))) {
      const first = tokens[start];
      const last = tokens[i - 1];
      if (first === undefined || last === undefined || i === start) {
        throw new GatewayQueryError('SYNTAX_ERROR', 'EXECUTE: empty argument after USING');
      }
      args.push(sql.slice(first.start, last.end));
      start = i + 1;
      continue;
    }
    if (isSymbol(token, '(') || isSymbol(token, '[')) depth++;
    if (isSymbol(token, ')') || isSymbol(token, ']')) depth--;
  }
  return args;
}

/** The statement with each `?` (outside strings and comments) replaced by its argument, in order. */
export function bindParameters(statement: string, args: readonly string[]): string {
  const placeholders = tokenize(statement).filter((token) => isSymbol(token, '?'));
  if (placeholders.length !== args.length) {
    throw new GatewayQueryError(
      'GENERIC_USER_ERROR',
      `Incorrect number of parameters: expected ${placeholders.length} but found ${args.length}`,
    );
  }
  let expanded = '';
  let cursor = 0;
  placeholders.forEach((placeholder, i) => {
    expanded += `${statement.slice(cursor, placeholder.start)}(${args[i]})`;
    cursor = placeholder.end;
  });
  return expanded + statement.slice(cursor);
}

/** The arguments of `... USING a, b` starting at token `at`, or none when the statement ends there. */
export function usingArguments(sql: string, tokens: readonly Token[], at: number, what: string): string[] {
  if (tokens.length <= at) return [];
  if (!isWord(tokens[at], 'USING')) throw new GatewayQueryError('SYNTAX_ERROR', `expected USING after ${what}`);
  return argumentTexts(sql, tokens, at + 1);
}

/** The statement an EXECUTE IMMEDIATE runs, with its parameters bound; undefined for other statements. */
export function expandExecuteImmediate(sql: string, tokens: readonly Token[]): string | undefined {
  if (!isWord(tokens[0], 'EXECUTE') || !isWord(tokens[1], 'IMMEDIATE')) return undefined;
  const body = tokens[2];
  if (body?.kind !== 'string') throw new GatewayQueryError('SYNTAX_ERROR', 'EXECUTE IMMEDIATE needs a string literal');
  return bindParameters(body.value, usingArguments(sql, tokens, 3, "EXECUTE IMMEDIATE '...'"));
}
