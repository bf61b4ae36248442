/** Trino's date and time functions (functions/datetime in Trino's documentation) on DuckDB. */

import { quoteString } from '../../sql/quote.js';
import { jodaToStrftime } from '../formats/jodaPattern.js';
import { expectArity, literalArgument } from '../formats/literalArgument.js';
import { mysqlToStrftime } from '../formats/mysqlFormat.js';
import { macro, type TrinoFunction } from '../TrinoFunction.js';

/** `value` units of `unit` ('day', 'quarter', ...) as a DuckDB interval. */
const INTERVAL = `(v * CAST('1 ' || u AS INTERVAL))`;

export const TIME_FUNCTIONS: readonly TrinoFunction[] = [
  macro('from_unixtime', '(x) AS to_timestamp(x)'),
  macro('to_unixtime', '(t) AS epoch(t)'),
  // Without an offset in the text, the session time zone applies (the engine's is UTC), as in Trino.
  macro('from_iso8601_timestamp', '(s) AS CAST(s AS TIMESTAMPTZ)'),
  macro('from_iso8601_date', '(s) AS CAST(s AS DATE)'),
  // DuckDB timestamps are microseconds, Trino's timestamp(6) (the Iceberg connector's type).
  macro(
    'to_iso8601',
    `(x DATE) AS strftime(x, '%Y-%m-%d'), (x TIMESTAMP) AS strftime(x, '%Y-%m-%dT%H:%M:%S.%f'), ` +
      `(x TIMESTAMPTZ) AS strftime(x, '%Y-%m-%dT%H:%M:%S.%fZ')`,
  ),
  macro('current_timezone', `() AS current_setting('TimeZone')`),
  // Trino counts whole units between the two (DuckDB's date_diff counts boundaries crossed; date_sub does not).
  macro('date_diff', '(u, a, b) AS date_sub(u, a, b)'),
  macro(
    'date_add',
    `(u, v, t DATE) AS CAST(t + ${INTERVAL} AS DATE), (u, v, t TIMESTAMP) AS t + ${INTERVAL}, ` +
      `(u, v, t TIMESTAMPTZ) AS t + ${INTERVAL}`,
  ),
  // Whole weeks, days, hours, minutes and seconds, zero units left out (seconds rounded to a whole one).
  macro(
    'human_readable_seconds',
    `(x) AS CASE WHEN x IS NOT NULL THEN coalesce(nullif(array_to_string(list_transform(list_filter([` +
      `{'n': floor(round(x) / 604800), 'u': 'week'}, {'n': floor(round(x) % 604800 / 86400), 'u': 'day'}, ` +
      `{'n': floor(round(x) % 86400 / 3600), 'u': 'hour'}, {'n': floor(round(x) % 3600 / 60), 'u': 'minute'}, ` +
      `{'n': round(x) % 60, 'u': 'second'}], p -> p.n > 0), ` +
      `p -> CAST(CAST(p.n AS BIGINT) AS VARCHAR) || ' ' || p.u || CASE WHEN p.n = 1 THEN '' ELSE 's' END), ', '), ''), '0 seconds') END`,
  ),
  {
    kind: 'rewrite',
    name: 'date_format',
    rewrite(args) {
      expectArity('date_format', args, 2);
      const { format, hasFraction } = mysqlToStrftime('date_format', literalArgument('date_format', args, 1));
      const value = hasFraction ? `date_trunc('millisecond', ${args[0]?.sql})` : args[0]?.sql;
      return `strftime(${value}, ${quoteString(format)})`;
    },
  },
  {
    kind: 'rewrite',
    name: 'date_parse',
    rewrite(args) {
      expectArity('date_parse', args, 2);
      const { format } = mysqlToStrftime('date_parse', literalArgument('date_parse', args, 1));
      // Trino's result is timestamp(3).
      return `date_trunc('millisecond', CAST(strptime(${args[0]?.sql}, ${quoteString(format)}) AS TIMESTAMP))`;
    },
  },
  {
    kind: 'rewrite',
    name: 'format_datetime',
    rewrite(args) {
      expectArity('format_datetime', args, 2);
      const format = jodaToStrftime('format_datetime', literalArgument('format_datetime', args, 1));
      return `strftime(${args[0]?.sql}, ${quoteString(format)})`;
    },
  },
  {
    kind: 'rewrite',
    name: 'parse_datetime',
    rewrite(args) {
      expectArity('parse_datetime', args, 2);
      const format = jodaToStrftime('parse_datetime', literalArgument('parse_datetime', args, 1));
      return `CAST(strptime(${args[0]?.sql}, ${quoteString(format)}) AS TIMESTAMPTZ)`;
    },
  },
];
