import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tableFromIPC } from 'apache-arrow';
import { arrowIpc, numberSeriesIpc, SQL_TYPE_KEY } from '../../../local/dashboard/arrowEncoding.js';
import { type TestDuckDB, testDuckDB } from './duckdbColumns.js';

describe('arrowIpc', () => {
  let db: TestDuckDB;
  before(async () => {
    db = await testDuckDB();
  });
  after(() => db.close());

  it('keeps decimals as their exact text, beyond what a double holds, and names their SQL type', async () => {
    const columns = await db.columns(
      `SELECT * FROM (VALUES (CAST('1234567890123456789.0123456789' AS DECIMAL(38,10))),
        (CAST('-0.0000000001' AS DECIMAL(38,10))), (NULL)) v(price)`,
    );
    const table = tableFromIPC(arrowIpc(columns));
    assert.equal(String(table.schema.fields[0]?.type), 'Utf8');
    assert.equal(table.schema.fields[0]?.metadata.get(SQL_TYPE_KEY), 'DECIMAL(38,10)');
    assert.deepEqual(table.getChild('price')?.toArray(), ['1234567890123456789.0123456789', '-0.0000000001', null]);
  });

  it('keeps timestamps to the microsecond, in UTC, with nulls', async () => {
    const columns = await db.columns(
      `SELECT * FROM (VALUES (TIMESTAMPTZ '2024-03-01 12:34:56.789012+00'), (NULL), (TIMESTAMPTZ '1969-12-31 23:59:59.999999+00')) v(t)`,
    );
    const table = tableFromIPC(arrowIpc(columns));
    assert.equal(String(table.schema.fields[0]?.type), 'Timestamp<MICROSECOND, UTC>');
    const column = table.getChild('t');
    assert.ok(column);
    const micros = column.data[0]?.values as BigInt64Array;
    assert.equal(micros[0], 1_709_296_496_789_012n);
    assert.equal(column.isValid(1), false);
    assert.equal(micros[2], -1n);
  });

  it('keeps BIGINT exact, DOUBLE as Float64, integers, booleans and text', async () => {
    const columns = await db.columns(
      `SELECT 9007199254740993::BIGINT AS id, 0.1::DOUBLE AS ratio, 7::INTEGER AS n, true AS ok, 'BTC-USD' AS product,
         NULL::BIGINT AS missing`,
    );
    const table = tableFromIPC(arrowIpc(columns));
    assert.deepEqual(
      table.schema.fields.map((f) => String(f.type)),
      ['Int64', 'Float64', 'Int32', 'Bool', 'Utf8', 'Int64'],
    );
    const row = table.get(0)?.toJSON();
    assert.deepEqual(row, { id: 9007199254740993n, ratio: 0.1, n: 7, ok: true, product: 'BTC-USD', missing: null });
  });

  it('encodes a result without rows, and no columns at all', async () => {
    const empty = tableFromIPC(arrowIpc(await db.columns('SELECT 1::DECIMAL(18,8) AS p, now() AS t WHERE false')));
    assert.equal(empty.numRows, 0);
    assert.deepEqual(
      empty.schema.fields.map((f) => f.name),
      ['p', 't'],
    );
    const none = tableFromIPC(arrowIpc([]));
    assert.equal(none.numRows, 0);
    assert.equal(none.schema.fields.length, 0);
  });
});

describe('numberSeriesIpc', () => {
  it('sends each series as a nullable Float64 column', () => {
    const table = tableFromIPC(numberSeriesIpc({ at: [1, 2, 3], rate: [0.5, null, 2] }));
    assert.deepEqual(table.getChild('at')?.toArray(), new Float64Array([1, 2, 3]));
    assert.deepEqual([...(table.getChild('rate') ?? [])], [0.5, null, 2]);
  });
});
