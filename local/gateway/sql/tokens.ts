/**
 * The gateway's view of a statement's tokens, for routing (SHOW, DESCRIBE, USE, EXECUTE
 * IMMEDIATE) and the metadata rewrites: the engine's tokenizer (one tokenizer in the project)
 * with spaces and comments dropped, words upper-cased, identifiers and strings unquoted.
 */
import {
  type Token as EngineToken,
  identifierName as engineIdentifierName,
  isSignificant,
  QuerySyntaxError,
  tokenize as tokenizeSql,
} from '../../../layers/engine/index.js';
import { GatewayQueryError } from '../protocol/errors.js';

export type TokenKind = 'word' | 'identifier' | 'string' | 'number' | 'symbol';

export interface Token {
  readonly kind: TokenKind;
  /** Words upper-cased; identifiers and strings unquoted; symbols as written. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const BACKSLASH_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

/** The text a string literal stands for: 'it''s', E'it\'s' and $$it's$$ all give it's. */
function stringText(text: string): string {
  if (text.startsWith("'")) return text.slice(1, -1).replaceAll("''", "'");
  if (text.startsWith('$')) {
    const tag = /^\$[A-Za-z_]*\$/.exec(text)?.[0] ?? '$$';
    return text.slice(tag.length, text.length - tag.length);
  }
  return text
    .slice(2, -1)
    .replace(/\\(.)|''/gs, (_, escaped: string | undefined) =>
      escaped === undefined ? "'" : (BACKSLASH_ESCAPES[escaped] ?? escaped),
    );
}

function gatewayToken(token: EngineToken): Token {
  const position = { start: token.start, end: token.start + token.text.length };
  switch (token.kind) {
    case 'word':
      return { kind: 'word', value: token.text.toUpperCase(), ...position };
    case 'quoted':
      return { kind: 'identifier', value: engineIdentifierName(token) ?? '', ...position };
    case 'string':
      return { kind: 'string', value: stringText(token.text), ...position };
    case 'number':
      return { kind: 'number', value: token.text, ...position };
    default:
      return { kind: 'symbol', value: token.text, ...position };
  }
}

export function tokenize(sql: string): Token[] {
  try {
    return tokenizeSql(sql).filter(isSignificant).map(gatewayToken);
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw new GatewayQueryError('SYNTAX_ERROR', error.message);
    throw error;
  }
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
