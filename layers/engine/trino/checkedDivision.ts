/**
 * Trino's division by zero: `x / 0` and `x % 0` on integers and decimals fail with "Division by zero"
 * (DuckDB returns NULL); on double and real they are not errors (`%` gives NaN as in Trino, but `/`
 * gives NULL where Trino gives Infinity or NaN: DuckDB's integer_division mode). The pass wraps the
 * right operand of every `/` and `%` in the functions catalog's `divisor` macro, which raises the error
 * when the divisor is an exact zero; it is given the left operand too when that is a single term
 * (literal, column, call or parenthesised expression), so that `double / 0` is no error.
 * Integer truncation itself (`5 / 2` = 2) is DuckDB's integer_division setting (see functionCatalog).
 */
import { isSignificant, type Token, tokenize } from '../sql/tokenizer.js';
import { macroName } from './catalogName.js';

export const DIVISOR_MACRO = 'divisor';

export const DIVISOR_OVERLOADS =
  "(b) AS CASE WHEN b = 0 AND typeof(b) NOT IN ('DOUBLE', 'FLOAT') THEN error('Division by zero') ELSE b END, " +
  "(b, a) AS CASE WHEN b = 0 AND typeof(b) NOT IN ('DOUBLE', 'FLOAT') AND typeof(a) NOT IN ('DOUBLE', 'FLOAT') " +
  "THEN error('Division by zero') ELSE b END";

const OPEN = new Set(['(', '[']);
/** Words that make a parenthesised group part of a longer construct (window, filter, subquery, list). */
const CLAUSE_WORDS = /^(OVER|FILTER|WITHIN|GROUP|IN|EXISTS|VALUES|AS|SELECT|WITH|ANY|ALL|SOME)$/i;
const CLOSE = new Set([')', ']']);

function isName(token: Token | undefined): boolean {
  return token !== undefined && (token.kind === 'word' || token.kind === 'quoted');
}

/** Index (into sig) just past the group opened at sig[i], or -1. */
function pastGroup(tokens: readonly Token[], sig: readonly number[], i: number): number {
  let depth = 0;
  for (let k = i; k < sig.length; k += 1) {
    const text = tokens[sig[k] as number]?.text ?? '';
    if (OPEN.has(text)) depth += 1;
    if (CLOSE.has(text)) {
      depth -= 1;
      if (depth === 0) return k + 1;
    }
  }
  return -1;
}

/** Index (into sig) of the group opener matching the closer at sig[i], or -1. */
function groupStart(tokens: readonly Token[], sig: readonly number[], i: number): number {
  let depth = 0;
  for (let k = i; k >= 0; k -= 1) {
    const text = tokens[sig[k] as number]?.text ?? '';
    if (CLOSE.has(text)) depth += 1;
    if (OPEN.has(text)) {
      depth -= 1;
      if (depth === 0) return k;
    }
  }
  return -1;
}

/** The right operand starting at sig[i]: unary signs, one term, and postfix casts, fields and subscripts. */
function rightOperandEnd(tokens: readonly Token[], sig: readonly number[], i: number): number {
  const at = (k: number): Token | undefined => tokens[sig[k] as number];
  let k = i;
  while (at(k)?.text === '-' || at(k)?.text === '+') k += 1;
  const first = at(k);
  if (first === undefined) return -1;
  if (first.text === '(') k = pastGroup(tokens, sig, k);
  else if (first.kind === 'number' || first.kind === 'string') k += 1;
  else if (isName(first)) {
    if (first.kind === 'word' && /^(CASE|SELECT|NOT|INTERVAL|EXISTS)$/i.test(first.text)) return -1;
    k += 1;
    while (at(k)?.text === '.' && isName(at(k + 1))) k += 2;
    if (at(k)?.text === '(') k = pastGroup(tokens, sig, k);
    // A window or filtered aggregate: the operand goes on past what this pass reads.
    if (k !== -1 && at(k)?.kind === 'word' && /^(OVER|FILTER|WITHIN)$/i.test(at(k)?.text ?? '')) return -1;
  } else return -1;
  for (;;) {
    if (k === -1) return -1;
    const next = at(k);
    if (next?.text === '[') k = pastGroup(tokens, sig, k);
    else if (next?.text === '.' && isName(at(k + 1))) k += 2;
    else if (next?.text === '::' && isName(at(k + 1))) {
      k += 2;
      if (at(k)?.text === '(') k = pastGroup(tokens, sig, k);
    } else return k;
  }
}

/** The left operand ending at sig[i] when it is a single term, else -1. */
function leftOperandStart(tokens: readonly Token[], sig: readonly number[], i: number): number {
  const at = (k: number): Token | undefined => tokens[sig[k] as number];
  const last = at(i);
  if (last === undefined) return -1;
  let k = i;
  if (last.text === ')') {
    k = groupStart(tokens, sig, i);
    if (k === -1 || CLAUSE_WORDS.test(at(k + 1)?.text ?? '') || CLAUSE_WORDS.test(at(k - 1)?.text ?? '')) return -1;
    if (!isName(at(k - 1))) return at(k - 1)?.text === '.' ? -1 : k;
    k -= 1;
  } else if (last.kind === 'number') return at(k - 1)?.text === '.' ? -1 : k;
  else if (!isName(last) || (last.kind === 'word' && /^(END|NULL|TRUE|FALSE)$/i.test(last.text))) return -1;
  while (at(k - 1)?.text === '.' && isName(at(k - 2))) k -= 2;
  const before = at(k - 1);
  // A cast or a typed literal before it makes the term longer than it looks.
  return before?.text === '::' || before?.kind === 'string' ? -1 : k;
}

function textOf(tokens: readonly Token[], sig: readonly number[], from: number, to: number): string {
  return tokens
    .slice(sig[from], (sig[to - 1] as number) + 1)
    .map((t) => t.text)
    .join('');
}

/** Keyed by the operator's token index. */
interface Wrap {
  /** Token indices of the right operand: [from, to). */
  readonly from: number;
  readonly to: number;
  readonly left?: string;
}

function render(tokens: readonly Token[], wraps: ReadonlyMap<number, Wrap>, from: number, to: number): string {
  let text = '';
  let i = from;
  while (i < to) {
    const wrap = wraps.get(i);
    if (wrap === undefined) {
      text += tokens[i]?.text ?? '';
      i += 1;
      continue;
    }
    text += tokens
      .slice(i, wrap.from)
      .map((t) => t.text)
      .join('');
    const inner = render(tokens, wraps, wrap.from, wrap.to);
    text += `${macroName(DIVISOR_MACRO)}(${wrap.left === undefined ? inner : `${inner}, ${wrap.left}`})`;
    i = wrap.to;
  }
  return text;
}

/** The query with the divisor of every `/` and `%` checked (unchanged text when there is none). */
export function checkDivisions(sql: string): string {
  const tokens = tokenize(sql);
  const sig = tokens.flatMap((token, index) => (isSignificant(token) ? [index] : []));
  const wraps = new Map<number, Wrap>();
  sig.forEach((index, k) => {
    const token = tokens[index] as Token;
    if (token.kind !== 'operator' || (token.text !== '/' && token.text !== '%')) return;
    const end = rightOperandEnd(tokens, sig, k + 1);
    if (end === -1 || end <= k + 1) return;
    const start = leftOperandStart(tokens, sig, k - 1);
    const wrap = { from: sig[k + 1] as number, to: (sig[end - 1] as number) + 1 };
    wraps.set(index, start === -1 ? wrap : { ...wrap, left: textOf(tokens, sig, start, k) });
  });
  if (wraps.size === 0) return sql;
  return render(tokens, wraps, 0, tokens.length);
}
