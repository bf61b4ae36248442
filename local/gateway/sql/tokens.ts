/**
 * A small SQL tokenizer: enough to see words, quoted identifiers, string literals and punctuation
 * outside comments, so the statement policy and the metadata rewrites never mistake text inside a
 * string or comment for SQL.
 */

export type TokenKind = 'word' | 'identifier' | 'string' | 'number' | 'symbol';

export interface Token {
  readonly kind: TokenKind;
  /** Words upper-cased; identifiers and strings unquoted; symbols as written. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export class SqlTokenError extends Error {
  readonly retriable = false;
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'SqlTokenError';
  }
}

function closing(sql: string, from: number, quote: string): number {
  let i = from;
  for (;;) {
    const next = sql.indexOf(quote, i);
    if (next === -1) throw new SqlTokenError(`unterminated ${quote === "'" ? 'string' : 'identifier'}`, from - 1);
    if (sql[next + 1] === quote) {
      i = next + 2;
      continue;
    }
    return next;
  }
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) throw new SqlTokenError('unterminated comment', i);
      i = end + 2;
    } else if (c === "'" || ((c === 'E' || c === 'e') && sql[i + 1] === "'")) {
      const open = c === "'" ? i : i + 1;
      const end = closing(sql, open + 1, "'");
      tokens.push({ kind: 'string', value: sql.slice(open + 1, end).replaceAll("''", "'"), start: i, end: end + 1 });
      i = end + 1;
    } else if (c === '"') {
      const end = closing(sql, i + 1, '"');
      tokens.push({ kind: 'identifier', value: sql.slice(i + 1, end).replaceAll('""', '"'), start: i, end: end + 1 });
      i = end + 1;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0] as string;
      const end = sql.indexOf(tag, i + tag.length);
      if (end === -1) throw new SqlTokenError('unterminated dollar-quoted string', i);
      tokens.push({ kind: 'string', value: sql.slice(i + tag.length, end), start: i, end: end + tag.length });
      i = end + tag.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 256))?.[0] as string;
      tokens.push({ kind: 'word', value: match.toUpperCase(), start: i, end: i + match.length });
      i += match.length;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const match = /^[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?|^[0-9]+\.?/.exec(sql.slice(i, i + 64))?.[0] as string;
      tokens.push({ kind: 'number', value: match, start: i, end: i + match.length });
      i += match.length;
    } else {
      tokens.push({ kind: 'symbol', value: c, start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/** The token's name as an identifier: unquoted words are case-insensitive (lower-cased), quoted ones exact. */
export function identifierName(token: Token): string {
  return token.kind === 'word' ? token.value.toLowerCase() : token.value;
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && words.includes(token.value);
}

export function isSymbol(token: Token | undefined, symbol: string): boolean {
  return token?.kind === 'symbol' && token.value === symbol;
}
