/**
 * Trino's MySQL-style date_format / date_parse specifiers translated to DuckDB's strftime / strptime
 * ones, following the table in Trino's documentation (functions/datetime, "MySQL date functions").
 */
import { QuerySyntaxError } from '../../errors.js';

const SPECIFIERS: Readonly<Record<string, string>> = {
  a: '%a',
  b: '%b',
  c: '%-m',
  d: '%d',
  e: '%-d',
  f: '%f',
  H: '%H',
  h: '%I',
  I: '%I',
  i: '%M',
  j: '%j',
  k: '%-H',
  l: '%-I',
  M: '%B',
  m: '%m',
  p: '%p',
  r: '%I:%M:%S %p',
  S: '%S',
  s: '%S',
  T: '%H:%M:%S',
  v: '%V',
  W: '%A',
  x: '%G',
  Y: '%Y',
  y: '%y',
  '%': '%%',
};

/** Specifiers Trino documents as not supported: it rejects them, and so does the engine. */
const UNSUPPORTED = new Set(['D', 'U', 'u', 'V', 'w', 'X']);

export interface StrftimeFormat {
  readonly format: string;
  /** The format prints or parses a fraction of a second (%f), which Trino truncates to milliseconds. */
  readonly hasFraction: boolean;
}

export function mysqlToStrftime(functionName: string, mysql: string): StrftimeFormat {
  let format = '';
  let hasFraction = false;
  for (let i = 0; i < mysql.length; i += 1) {
    const char = mysql[i] as string;
    if (char !== '%') {
      format += char;
      continue;
    }
    const specifier = mysql[i + 1];
    i += 1;
    if (specifier === undefined) break;
    if (UNSUPPORTED.has(specifier)) {
      throw new QuerySyntaxError(`${functionName}: format specifier %${specifier} in '${mysql}' is not supported`);
    }
    if (specifier === 'f') hasFraction = true;
    // Any other %x stands for the character x itself (Trino's rule).
    format += SPECIFIERS[specifier] ?? (specifier === '%' ? '%%' : specifier);
  }
  return { format, hasFraction };
}
