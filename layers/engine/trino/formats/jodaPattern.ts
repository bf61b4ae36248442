/**
 * Joda-Time DateTimeFormat patterns (Trino's format_datetime / parse_datetime) translated to DuckDB's
 * strftime / strptime specifiers: the common letters, a clear error for any other one. Text in single
 * quotes is literal, and '' is a quote.
 */
import { QuerySyntaxError } from '../../errors.js';

type Translate = (count: number) => string | undefined;

const fixed =
  (short: string, padded: string): Translate =>
  (count) =>
    count === 1 ? short : padded;

const LETTERS: Readonly<Record<string, Translate>> = {
  y: (count) => (count === 2 ? '%y' : '%Y'),
  Y: (count) => (count === 2 ? '%y' : '%Y'),
  x: (count) => (count === 2 ? undefined : '%G'),
  M: (count) => (count >= 4 ? '%B' : count === 3 ? '%b' : count === 2 ? '%m' : '%-m'),
  w: fixed('%-V', '%V'),
  d: fixed('%-d', '%d'),
  D: (count) => (count >= 3 ? '%j' : '%-j'),
  e: (count) => (count === 1 ? '%u' : undefined),
  E: (count) => (count >= 4 ? '%A' : '%a'),
  a: () => '%p',
  H: fixed('%-H', '%H'),
  h: fixed('%-I', '%I'),
  m: fixed('%-M', '%M'),
  s: fixed('%-S', '%S'),
  S: (count) => (count === 3 ? '%g' : count === 6 ? '%f' : count === 9 ? '%n' : undefined),
};

const SUPPORTED = 'y Y x M w d D e E a H h m s S(SSS, SSSSSS, SSSSSSSSS)';

export function jodaToStrftime(functionName: string, pattern: string): string {
  let format = '';
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i] as string;
    if (char === "'") {
      if (pattern[i + 1] === "'") {
        format += "'";
        i += 2;
        continue;
      }
      const close = pattern.indexOf("'", i + 1);
      if (close === -1) throw new QuerySyntaxError(`${functionName}: unterminated quoted text in pattern '${pattern}'`);
      format += pattern.slice(i + 1, close).replaceAll('%', '%%');
      i = close + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(char)) {
      format += char === '%' ? '%%' : char;
      i += 1;
      continue;
    }
    let count = 1;
    while (pattern[i + count] === char) count += 1;
    const translated = LETTERS[char]?.(count);
    if (translated === undefined) {
      throw new QuerySyntaxError(
        `${functionName}: pattern letter '${char.repeat(count)}' in '${pattern}' is not supported (supported: ${SUPPORTED})`,
      );
    }
    format += translated;
    i += count;
  }
  return format;
}
