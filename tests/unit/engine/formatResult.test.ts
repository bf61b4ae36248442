import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { QueryResult } from '../../../layers/engine/index.js';
import { formatResult, type OutputFormat, openDuckDB } from '../../../layers/engine/index.js';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

const SQL = `SELECT * FROM (VALUES
  (1, 'BTC-USD', 12345.67890123::DECIMAL(18,8), 9007199254740993::BIGINT, TIMESTAMPTZ '2024-01-02 03:04:05.123456+00', 'a,"b"'),
  (2, NULL, NULL, NULL, NULL, 'line1
line2')) v(n, product, price, big, ts, text)`;

async function render(format: OutputFormat, sql = SQL): Promise<string> {
  const result = await connection.stream(sql);
  const queryResult: QueryResult = {
    columns: result.columnNames().map((name, i) => ({ name, type: result.columnType(i) })),
    batches: result.yieldRows(),
  };
  let out = '';
  await formatResult(queryResult, format, (text) => {
    out += text;
  });
  return out;
}

before(async () => {
  instance = await openDuckDB();
  connection = await instance.connect();
});

after(() => {
  connection.closeSync();
  instance.closeSync();
});

describe('formatResult', () => {
  it('csv: header row, RFC 4180 quoting, NULL as an empty field, exact decimals', async () => {
    assert.equal(
      await render('csv'),
      'n,product,price,big,ts,text\r\n' +
        '1,BTC-USD,12345.67890123,9007199254740993,2024-01-02 03:04:05.123456+00,"a,""b"""\r\n' +
        '2,,,,,"line1\nline2"\r\n',
    );
  });

  it('json: one object per row; decimals and 64-bit integers as exact strings, small integers as numbers', async () => {
    const lines = (await render('json')).trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.deepEqual(JSON.parse(lines[0] ?? ''), {
      n: 1,
      product: 'BTC-USD',
      price: '12345.67890123',
      big: '9007199254740993',
      ts: '2024-01-02 03:04:05.123456+00',
      text: 'a,"b"',
    });
    assert.deepEqual(JSON.parse(lines[1] ?? ''), {
      n: 2,
      product: null,
      price: null,
      big: null,
      ts: null,
      text: 'line1\nline2',
    });
  });

  it('table: aligned columns, numbers right-aligned, NULL shown, row count', async () => {
    const out = await render(
      'table',
      `SELECT * FROM (VALUES (1, 'a', 1.5::DECIMAL(4,2)), (100, NULL, 10::DECIMAL(4,2))) v(n, s, d)`,
    );
    assert.equal(
      out,
      '   n | s    |     d\n-----+------+-------\n   1 | a    |  1.50\n 100 | NULL | 10.00\n(2 rows)\n',
    );
  });

  it('FLOAT prints as the shortest decimal that reads back as the same value', async () => {
    assert.equal(await render('csv', 'SELECT 0.34234::FLOAT AS f, 0.1::DOUBLE AS d'), 'f,d\r\n0.34234,0.1\r\n');
    assert.deepEqual(JSON.parse(await render('json', 'SELECT 0.34234::FLOAT AS f')), { f: 0.34234 });
  });

  it('csv of an empty result is just the header', async () => {
    assert.equal(await render('csv', 'SELECT 1 AS a, 2 AS b WHERE false'), 'a,b\r\n');
  });
});
