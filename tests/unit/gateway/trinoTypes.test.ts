import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { formatDate, formatTimestamp } from '../../../local/gateway/protocol/temporal.js';
import { rowRenderer, trinoType } from '../../../local/gateway/protocol/trinoTypes.js';

async function rendered(sql: string): Promise<{ types: string[]; row: unknown[]; text: string }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    const reader = await connection.runAndReadAll(sql);
    const types = reader.columnTypes().map(trinoType);
    const text = rowRenderer(types)(reader.getRows()[0] ?? []);
    return { types: types.map((t) => t.name), row: JSON.parse(text), text };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('Trino types and values', () => {
  it('renders exact decimals as strings with their scale and bigint as exact JSON numbers', async () => {
    const { types, text } = await rendered(
      'SELECT 123.45::DECIMAL(18,8) AS p, -0.00000001::DECIMAL(18,8) AS q, 9007199254740993::BIGINT AS b, 9223372036854775807::HUGEINT AS h',
    );
    assert.deepEqual(types, ['decimal(18,8)', 'decimal(18,8)', 'bigint', 'bigint']);
    assert.equal(text, '["123.45000000","-0.00000001",9007199254740993,9223372036854775807]');
  });

  it('fails a HUGEINT beyond 64 bits reported as bigint, as Trino fails a bigint overflow', async () => {
    await assert.rejects(rendered('SELECT 9223372036854775808::HUGEINT AS h'), {
      name: 'GatewayQueryError',
      errorName: 'NUMERIC_VALUE_OUT_OF_RANGE',
    });
  });

  it('renders temporal values in Trino text forms', async () => {
    const { types, row } = await rendered(
      "SELECT TIMESTAMPTZ '2024-03-01 12:34:56.123456+00' AS tz, TIMESTAMP '1969-12-31 23:59:59.5' AS ts, DATE '2024-02-29' AS d, TIME '01:02:03.000004' AS t, TIMESTAMP_MS '2024-01-01 00:00:00.123' AS ms",
    );
    assert.deepEqual(types, ['timestamp(6) with time zone', 'timestamp(6)', 'date', 'time(6)', 'timestamp(3)']);
    assert.deepEqual(row, [
      '2024-03-01 12:34:56.123456 UTC',
      '1969-12-31 23:59:59.500000',
      '2024-02-29',
      '01:02:03.000004',
      '2024-01-01 00:00:00.123',
    ]);
  });

  it('renders booleans, doubles, blobs and nested types', async () => {
    const { types, row } = await rendered(
      "SELECT true AS b, 1.5::DOUBLE AS d, 'NaN'::DOUBLE AS n, 'ab'::BLOB AS bin, [1, NULL] AS a, {'x': 1, 'y': 'z'} AS r, MAP {'k': 2} AS m",
    );
    assert.deepEqual(types, [
      'boolean',
      'double',
      'double',
      'varbinary',
      'array(integer)',
      'row("x" integer, "y" varchar)',
      'map(varchar, integer)',
    ]);
    assert.deepEqual(row, [true, 1.5, 'NaN', 'YWI=', [1, null], [1, 'z'], { k: 2 }]);
  });

  it('gives typeSignatures Trino clients parse', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(
      "SELECT 1.5::DECIMAL(10,2), TIMESTAMPTZ '2024-01-01 00:00:00+00', {'x': 1}",
    );
    const [decimal, timestamp, row] = reader.columnTypes().map((t) => trinoType(t).signature);
    connection.closeSync();
    instance.closeSync();
    assert.deepEqual(decimal, {
      rawType: 'decimal',
      arguments: [
        { kind: 'LONG', value: 10 },
        { kind: 'LONG', value: 2 },
      ],
    });
    assert.deepEqual(timestamp, { rawType: 'timestamp with time zone', arguments: [{ kind: 'LONG', value: 6 }] });
    assert.equal(row?.rawType, 'row');
    const field = row?.arguments[0]?.value as { fieldName: { name: string } } | undefined;
    assert.equal(field?.fieldName.name, 'x');
  });

  it('formats dates and timestamps before the epoch and with every precision', () => {
    assert.equal(formatDate(-1), '1969-12-31');
    assert.equal(formatDate(0), '1970-01-01');
    assert.equal(formatTimestamp(-1n, 1_000_000n, 6), '1969-12-31 23:59:59.999999');
    assert.equal(formatTimestamp(1_700_000_000_123_456_789n, 1_000_000_000n, 9), '2023-11-14 22:13:20.123456789');
    assert.equal(formatTimestamp(1_700_000_000n, 1n, 0), '2023-11-14 22:13:20');
  });
});

describe('decimal text', () => {
  it('writes every scale exactly, including negatives and values below one', async () => {
    const { decimalText } = await import('../../../local/gateway/protocol/trinoTypes.js');
    assert.equal(decimalText(12345n, 2), '123.45');
    assert.equal(decimalText(-5n, 3), '-0.005');
    assert.equal(decimalText(0n, 8), '0.00000000');
    assert.equal(decimalText(7n, 0), '7');
    assert.equal(decimalText(-1234567890123456789012345678901234567n, 8), '-12345678901234567890123456789.01234567');
  });
});
