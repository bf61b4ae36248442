/**
 * Trino's `current_user` (a keyword, no parentheses): the session's user, not DuckDB's 'duckdb'. The
 * query reads it from a connection variable the engine sets with the user bound as a parameter, so
 * the name never enters the SQL text.
 */
import { QuerySyntaxError } from '../errors.js';
import { isKeyword, isSignificant, type Token, tokenize } from '../sql/tokenizer.js';

/** The DuckDB variable (SET VARIABLE, per connection) holding the session's user. */
export const SESSION_USER_VARIABLE = 'trino_session_user';

/**
 * The macro `current_user` becomes (functions/session.ts): it reads the variable, so the query
 * text calls a catalog function, not getvariable, which the sandbox refuses (it reads any variable).
 */
export const SESSION_USER_FUNCTION = 'trino_current_user';

function significantNear(tokens: readonly Token[], from: number, step: 1 | -1): Token | undefined {
  for (let i = from; i >= 0 && i < tokens.length; i += step) if (isSignificant(tokens[i] as Token)) return tokens[i];
  return undefined;
}

/** The query with every `current_user` read from the session variable (unchanged text when it has none). */
export function rewriteCurrentUser(sql: string): string {
  if (!/current_user/i.test(sql)) return sql;
  const tokens = tokenize(sql);
  return tokens
    .map((token, i) => {
      if (!isKeyword(token, 'CURRENT_USER')) return token.text;
      const before = significantNear(tokens, i - 1, -1);
      // `t.current_user` is a column; `AS current_user` names one.
      if (before?.text === '.' || isKeyword(before, 'AS')) return token.text;
      if (significantNear(tokens, i + 1, 1)?.text === '(') {
        throw new QuerySyntaxError('current_user takes no parentheses in Trino: write current_user');
      }
      return `${SESSION_USER_FUNCTION}()`;
    })
    .join('');
}
