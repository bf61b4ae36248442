import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckdbType, literalFromInternal, literalFromJson, openDuckDB } from '../../../layers/engine/index.js';
import type { IcebergType } from '../../../layers/iceberg/index.js';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

async function evaluate(expression: string): Promise<{ value: string | null; type: string }> {
  const reader = await connection.runAndReadAll(
    `SELECT CAST(v AS VARCHAR) AS value, typeof(v) AS type FROM (SELECT ${expression} AS v)`,
  );
  const [value, type] = reader.getRows()[0] as [string | null, string];
  return { value, type };
}

before(async () => {
  instance = await openDuckDB();
  connection = await instance.connect();
});

after(() => {
  connection.closeSync();
  instance.closeSync();
});

describe('Iceberg types in DuckDB', () => {
  it('maps every primitive exactly', () => {
    const expected: [IcebergType, string][] = [
      ['boolean', 'BOOLEAN'],
      ['int', 'INTEGER'],
      ['long', 'BIGINT'],
      ['float', 'FLOAT'],
      ['double', 'DOUBLE'],
      ['decimal(38, 9)', 'DECIMAL(38, 9)'],
      ['date', 'DATE'],
      ['time', 'TIME'],
      ['timestamp', 'TIMESTAMP'],
      ['timestamptz', 'TIMESTAMPTZ'],
      ['timestamp_ns', 'TIMESTAMP_NS'],
      ['string', 'VARCHAR'],
      ['uuid', 'UUID'],
      ['fixed[16]', 'BLOB'],
      ['binary', 'BLOB'],
    ];
    for (const [iceberg, duck] of expected) assert.equal(duckdbType(iceberg), duck, String(iceberg));
    assert.equal(
      duckdbType({
        type: 'map',
        keyId: 2,
        key: 'string',
        valueId: 3,
        valueRequired: false,
        value: { type: 'list', elementId: 4, element: 'decimal(9, 2)', elementRequired: false },
      }),
      'MAP(VARCHAR, DECIMAL(9, 2)[])',
    );
  });

  it('renders in-memory partition values as typed literals', async () => {
    const cases: [IcebergType, unknown, string, string][] = [
      ['date', 19_000, '2022-01-08', 'DATE'],
      ['time', 45_296_000_001n, '12:34:56.000001', 'TIME'],
      ['timestamp', 1_700_000_000_123_456n, '2023-11-14 22:13:20.123456', 'TIMESTAMP'],
      ['timestamptz', 1_700_000_000_123_456n, '2023-11-14 22:13:20.123456+00', 'TIMESTAMP WITH TIME ZONE'],
      ['timestamp_ns', 1_700_000_000_123_456_789n, '2023-11-14 22:13:20.123456789', 'TIMESTAMP_NS'],
      ['decimal(38, 10)', -12_345_678_901_234_567_890_123n, '-1234567890123.4567890123', 'DECIMAL(38,10)'],
      ['long', -9_223_372_036_854_775_808n, '-9223372036854775808', 'BIGINT'],
      [
        'uuid',
        Uint8Array.from(Buffer.from('f79c3e09677c4bbda4793f349cb785e7', 'hex')),
        'f79c3e09-677c-4bbd-a479-3f349cb785e7',
        'UUID',
      ],
      ['fixed[3]', Uint8Array.from([1, 2, 255]), '\\x01\\x02\\xFF', 'BLOB'],
      ['double', Number.NaN, 'nan', 'DOUBLE'],
      ['string', "it's", "it's", 'VARCHAR'],
      ['boolean', false, 'false', 'BOOLEAN'],
      ['int', null, null as unknown as string, 'INTEGER'],
    ];
    for (const [type, value, text, duckType] of cases) {
      assert.deepEqual(await evaluate(literalFromInternal(type, value)), { value: text, type: duckType }, String(type));
    }
  });

  it('renders JSON single values (initial defaults) as typed literals', async () => {
    const cases: [IcebergType, unknown, string][] = [
      ['decimal(16, 2)', '12345.00', '12345.00'],
      ['date', '2003-10-20', '2003-10-20'],
      ['time', '00:00:00.012345', '00:00:00.012345'],
      ['timestamptz', '1970-01-01T00:00:00.012345+00:00', '1970-01-01 00:00:00.012345+00'],
      ['binary', '0102ff', '\\x01\\x02\\xFF'],
      ['long', -9_223_372_036_854_775_808n, '-9223372036854775808'],
      [{ type: 'struct', fields: [{ id: 7, name: 'x', required: false, type: 'int' }] }, { 7: 3 }, "{'x': 3}"],
    ];
    for (const [type, value, text] of cases)
      assert.equal((await evaluate(literalFromJson(type, value))).value, text, String(type));
  });
});
