/**
 * Trino's date part functions and EXTRACT fields whose DuckDB namesakes differ (functions/datetime,
 * "Convenience extraction functions"): day_of_week and DOW are ISO (1 = Monday .. 7 = Sunday) where
 * DuckDB's dow counts from Sunday = 0; millisecond is the millisecond of the second where DuckDB's
 * includes the seconds.
 */
import { QuerySyntaxError } from '../../errors.js';
import { macro, type TrinoFunction } from '../TrinoFunction.js';

/** Trino EXTRACT fields that DuckDB names otherwise or reads differently. */
const EXTRACT_FIELDS: Readonly<Record<string, string>> = {
  dow: 'isodow',
  day_of_week: 'isodow',
  doy: 'doy',
  day_of_year: 'doy',
  day_of_month: 'day',
  yow: 'isoyear',
  year_of_week: 'isoyear',
};

export const DATE_PART_FUNCTIONS: readonly TrinoFunction[] = [
  macro('day_of_week', '(x) AS isodow(x)'),
  macro('dow', '(x) AS isodow(x)'),
  macro('day_of_year', '(x) AS dayofyear(x)'),
  macro('doy', '(x) AS dayofyear(x)'),
  macro('day_of_month', '(x) AS day(x)'),
  macro('year_of_week', '(x) AS isoyear(x)'),
  macro('yow', '(x) AS isoyear(x)'),
  macro('millisecond', '(x) AS system.main.millisecond(x) % 1000'),
  {
    kind: 'rewrite',
    name: 'extract',
    rewrite(args) {
      const [arg] = args;
      const field = arg?.tokens[0]?.text.toLowerCase();
      if (args.length !== 1 || arg === undefined || field === undefined) {
        throw new QuerySyntaxError('extract expects (field FROM value)');
      }
      const mapped = EXTRACT_FIELDS[field];
      if (mapped === undefined) return `extract(${arg.sql})`;
      return `extract(${arg.sql.replace(/^(\s*)[A-Za-z_]+/, `$1${mapped}`)})`;
    },
  },
];
