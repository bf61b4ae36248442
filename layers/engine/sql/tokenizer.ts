/**
 * A small SQL tokenizer, enough to rewrite Trino syntax safely: it knows strings ('it''s',
 * E'..', $$..$$), quoted identifiers ("a""b"), comments (line and nested block comments), numbers, words and
 * operators, so a rewrite never touches text inside a literal or a comment. Concatenating every
 * token's `text` gives back the input exactly.
 */
import { QuerySyntaxError } from '../errors.js';

export type TokenKind = 'space' | 'comment' | 'string' | 'quoted' | 'number' | 'word' | 'operator';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const TWO_CHAR_OPERATORS = new Set(['=>', '::', '<=', '>=', '<>', '!=', '||', '->', '<<', '>>', '**', '//']);

function endOfQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const char = sql[i];
    if (backslashEscapes && char === '\\') {
      i += 2;
      continue;
    }
    if (char === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  throw new QuerySyntaxError(
    `unterminated ${quote === '"' ? 'quoted identifier' : 'string'} starting at offset ${start}`,
  );
}

function endOfBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else i += 1;
  }
  throw new QuerySyntaxError(`unterminated comment starting at offset ${start}`);
}

function endOfDollarString(sql: string, start: number): number | undefined {
  const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(start))?.[0];
  if (tag === undefined) return undefined;
  const close = sql.indexOf(tag, start + tag.length);
  if (close === -1) throw new QuerySyntaxError(`unterminated ${tag} string starting at offset ${start}`);
  return close + tag.length;
}

function endOfNumber(sql: string, start: number): number {
  const match = /^(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(start));
  return start + (match?.[0].length ?? 1);
}

function nextEnd(sql: string, i: number): { kind: TokenKind; end: number } {
  const char = sql[i] ?? '';
  const next = sql[i + 1] ?? '';
  if (/\s/.test(char)) {
    let end = i + 1;
    while (end < sql.length && /\s/.test(sql[end] ?? '')) end += 1;
    return { kind: 'space', end };
  }
  if (char === '-' && next === '-') {
    const newline = sql.indexOf('\n', i);
    return { kind: 'comment', end: newline === -1 ? sql.length : newline };
  }
  if (char === '/' && next === '*') return { kind: 'comment', end: endOfBlockComment(sql, i) };
  if (char === "'") return { kind: 'string', end: endOfQuoted(sql, i, "'", false) };
  if ((char === 'E' || char === 'e') && next === "'")
    return { kind: 'string', end: endOfQuoted(sql, i + 1, "'", true) };
  if (char === '"') return { kind: 'quoted', end: endOfQuoted(sql, i, '"', false) };
  if (char === '$') {
    const end = endOfDollarString(sql, i);
    if (end !== undefined) return { kind: 'string', end };
  }
  if (/\d/.test(char) || (char === '.' && /\d/.test(next))) return { kind: 'number', end: endOfNumber(sql, i) };
  if (WORD_START.test(char)) {
    let end = i + 1;
    while (end < sql.length && WORD_PART.test(sql[end] ?? '')) end += 1;
    return { kind: 'word', end };
  }
  if (TWO_CHAR_OPERATORS.has(char + next)) return { kind: 'operator', end: i + 2 };
  return { kind: 'operator', end: i + 1 };
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const { kind, end } = nextEnd(sql, i);
    tokens.push({ kind, text: sql.slice(i, end), start: i });
    i = end;
  }
  return tokens;
}

/** True for tokens that carry meaning (not whitespace or comments). */
export function isSignificant(token: Token): boolean {
  return token.kind !== 'space' && token.kind !== 'comment';
}

/** The identifier a word or quoted token names: unquoted words fold to lower case (Trino's rule). */
export function identifierName(token: Token): string | undefined {
  if (token.kind === 'word') return token.text.toLowerCase();
  if (token.kind === 'quoted') return token.text.slice(1, -1).replaceAll('""', '"');
  return undefined;
}

/** The text of a string literal token ('it''s' -> it's). */
export function stringValue(token: Token): string | undefined {
  if (token.kind !== 'string' || !token.text.startsWith("'")) return undefined;
  return token.text.slice(1, -1).replaceAll("''", "'");
}

export function isKeyword(token: Token | undefined, keyword: string): boolean {
  return token !== undefined && token.kind === 'word' && token.text.toUpperCase() === keyword;
}
