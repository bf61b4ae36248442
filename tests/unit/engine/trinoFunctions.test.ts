/**
 * The Trino functions the engine provides, each checked against the value Trino's documentation gives
 * (trino.io functions/datetime, regexp, json, math, aggregate), or that its definition implies.
 * Macros are registered before the sandbox locks the instance, and queries run with another catalog in
 * USE, as the engine runs them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  openDuckDB,
  QuerySyntaxError,
  registerTrinoFunctions,
  rewriteFunctionCalls,
  rewriteTrinoSemantics,
} from '../../../layers/engine/index.js';

let instance: DuckDBInstance;
let connection: DuckDBConnection;
let dir: string;

before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trino-functions-'));
  instance = await openDuckDB({ prepare: registerTrinoFunctions, allowedDirectories: [dir] });
  connection = await instance.connect();
  await connection.run(`ATTACH ':memory:' AS iceberg`);
  await connection.run('USE iceberg');
});

after(async () => {
  connection.closeSync();
  instance.closeSync();
  await fs.rm(dir, { recursive: true, force: true });
});

/** The Trino expression's value, as DuckDB's text of it (NULL as null). */
async function text(expression: string): Promise<string | null> {
  const sql = rewriteTrinoSemantics(`SELECT CAST((${expression}) AS VARCHAR)`);
  const rows = (await connection.runAndReadAll(sql)).getRows();
  const value = rows[0]?.[0];
  return value === null || value === undefined ? null : String(value);
}

/** The first value of a whole Trino query, as text. */
async function scalar(sql: string): Promise<string> {
  return String((await connection.runAndReadAll(rewriteTrinoSemantics(sql))).getRows()[0]?.[0]);
}

async function typeOf(expression: string): Promise<string> {
  const sql = rewriteTrinoSemantics(`SELECT typeof(${expression})`);
  return String((await connection.runAndReadAll(sql)).getRows()[0]?.[0]);
}

describe('Trino date and time functions', () => {
  it('from_unixtime and to_unixtime count seconds since 1970-01-01 00:00:00 UTC', async () => {
    assert.equal(await text('from_unixtime(0)'), '1970-01-01 00:00:00+00');
    assert.equal(await text('from_unixtime(1.5)'), '1970-01-01 00:00:01.5+00');
    assert.equal(await typeOf('from_unixtime(0)'), 'TIMESTAMP WITH TIME ZONE');
    assert.equal(await text(`to_unixtime(TIMESTAMP '1970-01-02 00:00:00.5')`), '86400.5');
    assert.equal(await typeOf(`to_unixtime(TIMESTAMP '1970-01-02 00:00:00')`), 'DOUBLE');
  });

  it('from_iso8601_timestamp keeps the offset, from_iso8601_date parses a date', async () => {
    assert.equal(await text(`from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00')`), '2020-05-11 10:15:05.055+00');
    assert.equal(await text(`from_iso8601_timestamp('2020-05-11T11:15:05')`), '2020-05-11 11:15:05+00');
    assert.equal(await text(`from_iso8601_date('2020-05-11')`), '2020-05-11');
    assert.equal(await typeOf(`from_iso8601_date('2020-05-11')`), 'DATE');
  });

  it('to_iso8601 formats dates, timestamps and timestamps with time zone', async () => {
    assert.equal(await text(`to_iso8601(DATE '2020-05-11')`), '2020-05-11');
    assert.equal(await text(`to_iso8601(TIMESTAMP '2020-05-11 11:15:05.055')`), '2020-05-11T11:15:05.055000');
    assert.equal(
      await text(`to_iso8601(from_iso8601_timestamp('2020-05-11T11:15:05.055+01:00'))`),
      '2020-05-11T10:15:05.055000Z',
    );
  });

  it('human_readable_seconds as documented', async () => {
    assert.equal(await text('human_readable_seconds(96)'), '1 minute, 36 seconds');
    assert.equal(await text('human_readable_seconds(3762)'), '1 hour, 2 minutes, 42 seconds');
    assert.equal(await text('human_readable_seconds(56363463)'), '93 weeks, 1 day, 8 hours, 31 minutes, 3 seconds');
  });

  it('day_of_week and DOW are ISO (1 = Monday .. 7 = Sunday); millisecond is of the second', async () => {
    // 2024-01-07 was a Sunday.
    assert.equal(await text(`day_of_week(DATE '2024-01-07')`), '7');
    assert.equal(await text(`dow(DATE '2024-01-08')`), '1');
    assert.equal(await text(`extract(DOW FROM DATE '2024-01-07')`), '7');
    assert.equal(await text(`EXTRACT(day_of_week FROM DATE '2024-01-07')`), '7');
    assert.equal(await text(`extract(year FROM DATE '2024-01-07')`), '2024');
    assert.equal(await text(`day_of_year(DATE '2024-02-01')`), '32');
    assert.equal(await text(`year_of_week(DATE '2024-12-30')`), '2025');
    assert.equal(await text(`millisecond(TIMESTAMP '2020-01-01 00:00:05.123')`), '123');
  });

  it('current_timezone is the session time zone', async () => {
    assert.equal(await text('current_timezone()'), 'UTC');
  });

  it('date_add(unit, value, timestamp) as documented', async () => {
    assert.equal(await text(`date_add('second', 86, TIMESTAMP '2020-03-01 00:00:00')`), '2020-03-01 00:01:26');
    assert.equal(await text(`date_add('hour', 9, TIMESTAMP '2020-03-01 00:00:00')`), '2020-03-01 09:00:00');
    assert.equal(
      await text(`date_add('day', -1, from_iso8601_timestamp('2020-03-01T00:00:00Z'))`),
      '2020-02-29 00:00:00+00',
    );
    assert.equal(await text(`date_add('month', 1, DATE '2012-10-31')`), '2012-11-30');
    assert.equal(await typeOf(`date_add('day', 1, DATE '2020-03-01')`), 'DATE');
  });

  it('date_diff(unit, timestamp1, timestamp2) counts whole units of timestamp2 - timestamp1', async () => {
    assert.equal(
      await text(`date_diff('second', TIMESTAMP '2020-03-01 00:00:00', TIMESTAMP '2020-03-02 00:00:00')`),
      '86400',
    );
    assert.equal(await text(`date_diff('day', DATE '2020-03-01', DATE '2020-03-02')`), '1');
    assert.equal(
      await text(`date_diff('second', TIMESTAMP '2020-06-01 12:30:45.000000', TIMESTAMP '2020-06-02 12:30:45.123456')`),
      '86400',
    );
    assert.equal(
      await text(
        `date_diff('millisecond', TIMESTAMP '2020-06-01 12:30:45.000000', TIMESTAMP '2020-06-02 12:30:45.123456')`,
      ),
      '86400123',
    );
    // Not a day boundary count: 23:00 to 01:00 the next day is no whole day.
    assert.equal(await text(`date_diff('day', TIMESTAMP '2020-01-01 23:00', TIMESTAMP '2020-01-02 01:00')`), '0');
  });

  it('date_format and date_parse take MySQL specifiers', async () => {
    assert.equal(await text(`date_format(TIMESTAMP '2022-10-20 05:10:00', '%m-%d-%Y %H')`), '10-20-2022 05');
    assert.equal(await text(`date_parse('2022/10/20/05', '%Y/%m/%d/%H')`), '2022-10-20 05:00:00');
    assert.equal(await typeOf(`date_parse('2022/10/20/05', '%Y/%m/%d/%H')`), 'TIMESTAMP');
    assert.equal(
      await text(`date_format(TIMESTAMP '2022-01-05 15:04:09', '%a %b %c %e %h %i %k %l %M %p %r %T %W %y %j %%')`),
      'Wed Jan 1 5 03 04 15 3 January PM 03:04:09 PM 15:04:09 Wednesday 22 005 %',
    );
    // %f prints 6 digits of a value truncated to milliseconds.
    assert.equal(await text(`date_format(TIMESTAMP '2022-01-05 15:04:09.123456', '%s.%f')`), '09.123000');
  });

  it('date_format rejects the specifiers Trino does not support, and a computed format', async () => {
    assert.throws(() => rewriteFunctionCalls(`SELECT date_format(ts, '%D')`), /specifier %D/);
    assert.throws(() => rewriteFunctionCalls(`SELECT date_format(ts, '%U')`), QuerySyntaxError);
    assert.throws(() => rewriteFunctionCalls(`SELECT date_format(ts, fmt)`), /must be a string literal/);
  });

  it('format_datetime and parse_datetime take Joda patterns', async () => {
    assert.equal(
      await text(`format_datetime(TIMESTAMP '2022-01-05 15:04:09.123', 'yyyy-MM-dd''T''HH:mm:ss.SSS EEE MMM')`),
      '2022-01-05T15:04:09.123 Wed Jan',
    );
    assert.equal(
      await text(`format_datetime(TIMESTAMP '2022-01-05 03:04:09', 'h:mm a, d MMMM yy')`),
      '3:04 AM, 5 January 22',
    );
    assert.equal(await text(`parse_datetime('2022-01-05 15:04', 'yyyy-MM-dd HH:mm')`), '2022-01-05 15:04:00+00');
    assert.equal(await typeOf(`parse_datetime('2022-01-05', 'yyyy-MM-dd')`), 'TIMESTAMP WITH TIME ZONE');
  });

  it('a Joda letter outside the supported subset is named in the error', () => {
    assert.throws(() => rewriteFunctionCalls(`SELECT format_datetime(ts, 'G yyyy')`), /pattern letter 'G'/);
    assert.throws(() => rewriteFunctionCalls(`SELECT parse_datetime(s, 'yyyy zzz')`), /pattern letter 'zzz'/);
  });
});

describe('Trino aggregate functions', () => {
  const values = 'FROM (VALUES (1, 10), (2, 20), (3, 30), (3, 40), (NULL, 50)) AS t(x, y)';
  async function aggregate(expression: string): Promise<string | null> {
    const sql = rewriteFunctionCalls(`SELECT CAST((${expression}) AS VARCHAR) ${values}`);
    const value = (await connection.runAndReadAll(sql)).getRows()[0]?.[0];
    return value === null || value === undefined ? null : String(value);
  }

  it('approx_distinct and approx_percentile', async () => {
    assert.equal(await aggregate('approx_distinct(x)'), '3');
    assert.equal(await aggregate('approx_distinct(x, 0.01)'), '3');
    assert.equal(await aggregate('approx_percentile(y, 0.5)'), '30');
    assert.equal(await aggregate('approx_percentile(y, ARRAY[0.0, 1.0])'), '[10, 50]');
    assert.equal(await aggregate('approx_percentile(CAST(y AS DECIMAL(10, 2)) + 0.5, 1.0)'), '50.50');
  });

  it('count_if is a bigint count of true values, and takes FILTER like any aggregate', async () => {
    assert.equal(await aggregate('count_if(x > 1)'), '3');
    assert.equal(await aggregate('count_if(x > 1) FILTER (WHERE y < 40)'), '2');
    const type = (
      await connection.runAndReadAll(rewriteFunctionCalls(`SELECT typeof(count_if(x > 1)) ${values}`))
    ).getRows();
    assert.equal(type[0]?.[0], 'BIGINT');
  });

  it('arbitrary, bool_and, bool_or, max_by, min_by, stddev and variance behave as in Trino', async () => {
    assert.notEqual(await aggregate('arbitrary(y)'), null);
    assert.equal(await aggregate('bool_and(y > 5)'), 'true');
    assert.equal(await aggregate('bool_or(y > 45)'), 'true');
    assert.equal(await aggregate('max_by(x, y)'), null);
    assert.equal(await aggregate('min_by(x, y)'), '1');
    assert.equal(await aggregate('variance(y)'), '250.0');
    assert.equal(await aggregate('var_samp(y)'), '250.0');
    assert.equal(await aggregate('var_pop(y)'), '200.0');
    assert.equal(await aggregate('stddev(y) = stddev_samp(y)'), 'true');
    assert.equal(await aggregate('stddev_pop(y) = sqrt(200.0)'), 'true');
  });
});

describe('Trino string and regular expression functions', () => {
  it('regexp_like, regexp_extract and regexp_extract_all as documented', async () => {
    assert.equal(await text(`regexp_like('1a 2b 14m', '\\d+b')`), 'true');
    assert.equal(await text(`regexp_extract('1a 2b 14m', '\\d+')`), '1');
    assert.equal(await text(`regexp_extract('1a 2b 14m', '(\\d+)([a-z]+)', 2)`), 'a');
    assert.equal(await text(`regexp_extract('abc', '\\d+')`), null);
    assert.equal(await text(`regexp_extract_all('1a 2b 14m', '\\d+')`), '[1, 2, 14]');
    assert.equal(await text(`regexp_extract_all('1a 2b 14m', '(\\d+)([a-z]+)', 2)`), '[a, b, m]');
  });

  it('regexp_replace replaces every match, with $g group references', async () => {
    assert.equal(await text(`regexp_replace('1a 2b 14m', '\\d+[ab] ')`), '14m');
    assert.equal(await text(`regexp_replace('1a 2b 14m', '(\\d+)([ab]) ', '3c$2 ')`), '3ca 3cb 14m');
    assert.equal(await text(`regexp_replace('price 5', '(\\d+)', '\\$$1')`), 'price $5');
    assert.throws(() => rewriteFunctionCalls(`SELECT regexp_replace(s, '(?<n>x)', '\${n}')`), /named groups/);
  });

  it('regexp_count, regexp_split and regexp_position as documented', async () => {
    assert.equal(await text(`regexp_count('1a 2b 14m', '\\s*[a-z]+\\s*')`), '3');
    // Trino prints [1, 2, 14, ]: the same four elements (DuckDB's text quotes the empty one).
    assert.equal(await text(`regexp_split('1a 2b 14m', '\\s*[a-z]+\\s*')`), "[1, 2, 14, '']");
    const s = `'I have 23 apples, 5 pears and 13 oranges'`;
    assert.equal(await text(`regexp_position(${s}, '\\b\\d+\\b')`), '8');
    assert.equal(await text(`regexp_position(${s}, '\\b\\d+\\b', 5)`), '8');
    assert.equal(await text(`regexp_position(${s}, '\\b\\d+\\b', 12)`), '19');
    assert.equal(await text(`regexp_position(${s}, '\\b\\d+\\b', 12, 1)`), '19');
    assert.equal(await text(`regexp_position(${s}, '\\b\\d+\\b', 12, 2)`), '31');
    assert.equal(await text(`regexp_position(${s}, '\\b\\d+\\b', 12, 3)`), '-1');
  });

  it('split_part, strpos and codepoint', async () => {
    assert.equal(await text(`split_part('a,b,c', ',', 2)`), 'b');
    assert.equal(await text(`split_part('a,b,c', ',', 4)`), null);
    assert.equal(await text(`strpos('high', 'ig')`), '2');
    assert.equal(await text(`strpos('high', 'x')`), '0');
    assert.equal(await text(`codepoint('A')`), '65');
  });
});

describe('Trino JSON functions', () => {
  const json = `'{"store": {"book": [{"author": "Nigel Rees", "price": 8.95}]}, "n": null}'`;

  it('json_extract_scalar returns scalars only, json_extract returns JSON', async () => {
    assert.equal(await text(`json_extract_scalar('[1, 2, 3]', '$[2]')`), '3');
    assert.equal(await text(`json_extract_scalar(${json}, '$.store.book[0].author')`), 'Nigel Rees');
    assert.equal(await text(`json_extract_scalar(${json}, '$.store.book')`), null);
    assert.equal(await text(`json_extract_scalar(${json}, '$.n')`), null);
    assert.equal(await text(`json_extract(${json}, '$.store.book[0].price')`), '8.95');
  });

  it('json_parse, json_format and json_array_length', async () => {
    assert.equal(await text(`json_format(json_parse('[1, 2, 3]'))`), '[1,2,3]');
    assert.equal(await text(`json_array_length('[1, 2, 3]')`), '3');
    assert.equal(await typeOf(`json_array_length('[1, 2, 3]')`), 'BIGINT');
    assert.equal(await text(`json_array_length('{"a": 1}')`), null);
  });
});

describe('Trino URL functions', () => {
  const url = `'http://user@example.com:8080/req_path/x?a=1&b=two+words%21#frag'`;

  it('url_extract_protocol as documented', async () => {
    assert.equal(await text(`url_extract_protocol('http://localhost:8080/req_path')`), 'http');
    assert.equal(await text(`url_extract_protocol('https://127.0.0.1:8080/req_path')`), 'https');
    assert.equal(await text(`url_extract_protocol('ftp://path/file')`), 'ftp');
  });

  it('host, port, path, query, fragment and form-decoded parameters, without separators', async () => {
    assert.equal(await text(`url_extract_host(${url})`), 'example.com');
    assert.equal(await text(`url_extract_port(${url})`), '8080');
    assert.equal(await typeOf(`url_extract_port(${url})`), 'BIGINT');
    assert.equal(await text(`url_extract_path(${url})`), '/req_path/x');
    assert.equal(await text(`url_extract_query(${url})`), 'a=1&b=two+words%21');
    assert.equal(await text(`url_extract_fragment(${url})`), 'frag');
    assert.equal(await text(`url_extract_parameter(${url}, 'b')`), 'two words!');
    assert.equal(await text(`url_extract_parameter(${url}, 'c')`), null);
    assert.equal(await text(`url_extract_port('http://example.com/')`), null);
  });
});

describe('Trino math functions', () => {
  it('infinity, nan, is_nan, is_finite, is_infinite', async () => {
    assert.equal(await text('infinity()'), 'inf');
    assert.equal(await text('is_nan(nan())'), 'true');
    assert.equal(await text('is_finite(infinity())'), 'false');
    assert.equal(await text('is_infinite(-infinity())'), 'true');
    assert.equal(await text('is_finite(1.5)'), 'true');
  });

  it('log(b, x) is the base b logarithm, truncate drops the fraction, mod keeps the sign of n', async () => {
    assert.equal(await text('log(2, 8)'), '3.0');
    assert.equal(await text('truncate(-2.7e0)'), '-2.0');
    assert.equal(await text('mod(-7, 3)'), '-1');
  });
});

describe('rewriting calls', () => {
  it('leaves literals, comments, qualified names and plain columns alone', () => {
    const sql = `SELECT 'from_unixtime(1)', x.from_unixtime(1), from_unixtime /* nan() */ FROM t -- infinity()`;
    assert.equal(rewriteFunctionCalls(sql), sql);
  });

  it('leaves column alias lists named like a function alone', async () => {
    const sql = 'SELECT dow.x FROM (VALUES (1)) AS dow(x), range(1) doy(y)';
    assert.equal(rewriteFunctionCalls(sql), sql);
    assert.equal(await scalar(sql), '1');
  });

  it('rewrites nested calls inside arguments', () => {
    const out = rewriteFunctionCalls(`SELECT date_format(from_unixtime(ts), '%Y')`);
    assert.match(out, /^SELECT strftime\(trino_functions\.main\."from_unixtime"\(ts\), '%Y'\)$/);
  });
});

describe('Trino division', () => {
  it('integer division truncates (math: "integer division performs truncation")', async () => {
    assert.equal(await text('5 / 2'), '2');
    assert.equal(await text('-5 / 2'), '-2');
    assert.equal(await typeOf('5 / 2'), 'INTEGER');
    assert.equal(await text('5 / 2.0'), '2.5');
    assert.equal(await text('5e0 / 2'), '2.5');
  });

  it('an integer or decimal divided by zero fails with Division by zero; double % 0 is NaN', async () => {
    await assert.rejects(text('1 / 0'), /Division by zero/);
    await assert.rejects(text('7 % 0'), /Division by zero/);
    await assert.rejects(text('1.5 / 0'), /Division by zero/);
    await assert.rejects(scalar('SELECT sum(x) / count(*) FROM (SELECT 1 AS x WHERE false)'), /Division by zero/);
    await assert.rejects(scalar('SELECT x / (x - 1) FROM (VALUES (1)) AS t(x)'), /Division by zero/);
    assert.equal(await text('is_nan(7.5e0 % 0)'), 'true');
    assert.equal(await scalar('SELECT x / 2 FROM (VALUES (4)) AS t(x)'), '2');
    assert.equal(await text("'1/0'"), '1/0');
  });

  it('windowed and filtered aggregates are left as written', () => {
    const sql = 'SELECT x / count(*) OVER (), x / count(*) FILTER (WHERE y) FROM t';
    assert.equal(rewriteTrinoSemantics(sql), sql);
  });
});
