/** Trino's string and regular expression functions (functions/string, functions/regexp) on DuckDB. */
import { QuerySyntaxError } from '../../errors.js';
import { quoteString } from '../../sql/quote.js';
import { stringValue } from '../../sql/tokenizer.js';
import { expectArity } from '../formats/literalArgument.js';
import { type CallArgument, macro, type TrinoFunction } from '../TrinoFunction.js';

/**
 * Trino's replacement text ($g group references, \$ a dollar, \\ a backslash) in RE2's syntax
 * (\g group references, \\ a backslash, $ itself).
 */
export function trinoReplacementToRe2(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i += 1) {
    const char = replacement[i] as string;
    const next = replacement[i + 1];
    if (char === '\\' && (next === '$' || next === '\\')) {
      out += next === '$' ? '$' : '\\\\';
      i += 1;
    } else if (char === '$') {
      const digits = /^\d+/.exec(replacement.slice(i + 1))?.[0];
      if (digits === undefined) {
        throw new QuerySyntaxError(
          `regexp_replace: '$' in replacement '${replacement}' must be followed by a group number (named groups are not supported; write \\$ for a dollar sign)`,
        );
      }
      out += `\\${digits}`;
      i += digits.length;
    } else out += char === '\\' ? '\\\\' : char;
  }
  return out;
}

function replacementSql(arg: CallArgument): string {
  if (arg.tokens.some((t) => t.text === '->')) {
    throw new QuerySyntaxError('regexp_replace: a lambda replacement is not supported by this engine');
  }
  const [only] = arg.tokens;
  const literal = arg.tokens.length === 1 && only !== undefined ? stringValue(only) : undefined;
  if (literal !== undefined) return quoteString(trinoReplacementToRe2(literal));
  // A computed replacement: only its $g references can be translated at run time.
  return `regexp_replace(${arg.sql}, '\\$(\\d+)', '\\\\\\1', 'g')`;
}

export const STRING_FUNCTIONS: readonly TrinoFunction[] = [
  macro('regexp_like', '(s, p) AS regexp_matches(s, p)'),
  // Trino returns NULL when nothing matches (DuckDB returns an empty string).
  macro(
    'regexp_extract',
    '(s, p) AS CASE WHEN regexp_matches(s, p) THEN system.main.regexp_extract(s, p) END, ' +
      '(s, p, g) AS CASE WHEN regexp_matches(s, p) THEN system.main.regexp_extract(s, p, g) END',
  ),
  {
    kind: 'rewrite',
    name: 'regexp_replace',
    rewrite(args) {
      expectArity('regexp_replace', args, 2, 3);
      const [string, pattern, replacement] = args;
      // Trino replaces every match (DuckDB only the first without the 'g' option).
      const to = replacement === undefined ? "''" : replacementSql(replacement);
      return `regexp_replace(${string?.sql}, ${pattern?.sql}, ${to}, 'g')`;
    },
  },
  // Trino returns NULL for a field index past the last field (DuckDB returns an empty string).
  macro('split_part', '(s, d, i) AS CASE WHEN i <= len(string_split(s, d)) THEN system.main.split_part(s, d, i) END'),
  macro('codepoint', '(c) AS unicode(c)'),
];
