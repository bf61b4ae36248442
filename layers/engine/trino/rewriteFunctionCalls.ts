/**
 * The token pass that turns calls of Trino functions into DuckDB: `f(args)` becomes a call of the
 * macro in the functions catalog, or the text the function's rewrite builds. Arguments are rewritten
 * first, so calls nest. Only unqualified words directly followed by `(` are calls; literals, quoted
 * identifiers and comments are never touched.
 */
import { QuerySyntaxError } from '../errors.js';
import { isKeyword, isSignificant, type Token, tokenize } from '../sql/tokenizer.js';
import { macroName } from './catalogName.js';
import { TRINO_FUNCTIONS } from './functionCatalog.js';
import type { CallArgument } from './TrinoFunction.js';

function nextSignificant(tokens: readonly Token[], from: number): number {
  let i = from;
  while (i < tokens.length && !isSignificant(tokens[i] as Token)) i += 1;
  return i;
}

function previousSignificant(tokens: readonly Token[], from: number): Token | undefined {
  for (let i = from; i >= 0; i -= 1) if (isSignificant(tokens[i] as Token)) return tokens[i];
  return undefined;
}

/** Index of the `)` closing the `(` at `open`. */
function closingParen(tokens: readonly Token[], open: number, name: string): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    const text = tokens[i]?.text;
    if (text === '(' || text === '[') depth += 1;
    if (text === ')' || text === ']') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  throw new QuerySyntaxError(`${name}(: missing closing parenthesis`);
}

/** Token ranges of the arguments between `(` at open and `)` at close, split at top-level commas. */
function argumentRanges(tokens: readonly Token[], open: number, close: number): [number, number][] {
  const ranges: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < close; i += 1) {
    const text = tokens[i]?.text;
    if (text === '(' || text === '[') depth += 1;
    if (text === ')' || text === ']') depth -= 1;
    if (text === ',' && depth === 0) {
      ranges.push([start, i]);
      start = i + 1;
    }
  }
  if (ranges.length > 0 || tokens.slice(start, close).some(isSignificant)) ranges.push([start, close]);
  return ranges;
}

function rewriteRange(tokens: readonly Token[], from: number, to: number): string {
  let out = '';
  let i = from;
  while (i < to) {
    const token = tokens[i] as Token;
    const fn = token.kind === 'word' ? TRINO_FUNCTIONS.get(token.text.toLowerCase()) : undefined;
    const open = fn === undefined ? -1 : nextSignificant(tokens, i + 1);
    const before = previousSignificant(tokens, i - 1);
    // `x.f(...)` is someone else's function; `AS f(a, b)` and `range(3) f(a)` name a relation's columns.
    const notACall =
      before?.text === '.' || before?.text === ')' || before?.kind === 'quoted' || isKeyword(before, 'AS');
    if (fn === undefined || open >= to || tokens[open]?.text !== '(' || notACall) {
      out += token.text;
      i += 1;
      continue;
    }
    const close = closingParen(tokens, open, fn.name);
    const args: CallArgument[] = argumentRanges(tokens, open, close).map(([start, end]) => ({
      sql: rewriteRange(tokens, start, end),
      tokens: tokens.slice(start, end).filter(isSignificant),
    }));
    out += fn.kind === 'macro' ? `${macroName(fn.name)}(${args.map((a) => a.sql).join(',')})` : fn.rewrite(args);
    i = close + 1;
  }
  return out;
}

/** The query with every Trino function call rewritten (unchanged text when it calls none). */
export function rewriteFunctionCalls(sql: string): string {
  const tokens = tokenize(sql);
  if (!tokens.some((t) => t.kind === 'word' && TRINO_FUNCTIONS.has(t.text.toLowerCase()))) return sql;
  return rewriteRange(tokens, 0, tokens.length);
}
