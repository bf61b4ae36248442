/**
 * The gateway's wire format over a real lakehouse: queries returning each Trino type, read as raw
 * JSON tokens, must carry the type name Trino gives them and the exact JSON Trino 476 sends (a
 * double is a float token, a timestamp has its precision's fraction digits, ...); every gold table
 * as the pipeline builds it decodes under the Trino client's strict rules with `SELECT *`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { decodeCell, tokenText } from '../../unit/gateway/helpers/strictTrinoDecoder.js';
import { createGoldLakehouse, type GoldLakehouse } from './helpers/goldLakehouse.js';
import { runRaw } from './helpers/rawStatement.js';

/** One query of one cell: the Trino type name and the exact JSON of the cell. */
export const TYPED_CELLS: readonly { readonly sql: string; readonly type: string; readonly json: string }[] = [
  { sql: 'SELECT CAST(0 AS double)', type: 'double', json: '0.0' },
  { sql: 'SELECT CAST(-3 AS double)', type: 'double', json: '-3.0' },
  { sql: 'SELECT 1e10', type: 'double', json: '1.0E10' },
  { sql: 'SELECT CAST(0.001 AS double) / 10', type: 'double', json: '1.0E-4' },
  { sql: "SELECT CAST('NaN' AS double)", type: 'double', json: '"NaN"' },
  { sql: "SELECT CAST('-Infinity' AS double)", type: 'double', json: '"-Infinity"' },
  { sql: "SELECT to_unixtime(TIMESTAMP '2024-03-01 00:00:00') * 1000", type: 'double', json: '1.7092512E12' },
  { sql: 'SELECT CAST(2 AS real)', type: 'real', json: '2.0' },
  { sql: 'SELECT CAST(0.1 AS real)', type: 'real', json: '0.1' },
  { sql: 'SELECT CAST(12.5 AS decimal(10,2))', type: 'decimal(10,2)', json: '"12.50"' },
  { sql: 'SELECT CAST(-0.5 AS decimal(38,10))', type: 'decimal(38,10)', json: '"-0.5000000000"' },
  { sql: 'SELECT CAST(9007199254740993 AS bigint)', type: 'bigint', json: '9007199254740993' },
  { sql: 'SELECT CAST(-7 AS integer)', type: 'integer', json: '-7' },
  { sql: 'SELECT CAST(300 AS smallint)', type: 'smallint', json: '300' },
  { sql: 'SELECT CAST(-2 AS tinyint)', type: 'tinyint', json: '-2' },
  { sql: 'SELECT true', type: 'boolean', json: 'true' },
  { sql: `SELECT 'a"b\u00e9'`, type: 'varchar', json: '"a\\"b\u00e9"' },
  { sql: "SELECT from_hex('00ab')", type: 'varbinary', json: '"AKs="' },
  { sql: "SELECT DATE '2024-02-29'", type: 'date', json: '"2024-02-29"' },
  { sql: "SELECT TIME '01:02:03.000004'", type: 'time(6)', json: '"01:02:03.000004"' },
  { sql: "SELECT TIMESTAMP '2024-03-01 12:00:00'", type: 'timestamp(6)', json: '"2024-03-01 12:00:00.000000"' },
  {
    sql: "SELECT CAST('2024-03-01 12:00:00.5+00' AS timestamp with time zone)",
    type: 'timestamp(6) with time zone',
    json: '"2024-03-01 12:00:00.500000 UTC"',
  },
  {
    sql: "SELECT TIMESTAMP '2024-03-02 00:00:00' - TIMESTAMP '2024-03-01 00:00:00.5'",
    type: 'interval day to second',
    json: '"0 23:59:59.500"',
  },
  {
    sql: "SELECT CAST('6ba7b810-9dad-11d1-80b4-00c04fd430c8' AS uuid)",
    type: 'uuid',
    json: '"6ba7b810-9dad-11d1-80b4-00c04fd430c8"',
  },
  { sql: `SELECT json_parse('{"a":[1,2.0]}')`, type: 'json', json: '"{\\"a\\":[1,2.0]}"' },
  { sql: 'SELECT ARRAY[CAST(1 AS double), NULL, 2.5]', type: 'array(double)', json: '[1.0,null,2.5]' },
  {
    sql: "SELECT MAP(ARRAY['a', 'b'], ARRAY[CAST(0 AS double), 1e20])",
    type: 'map(varchar, double)',
    json: '{"a":0.0,"b":1.0E20}',
  },
  {
    sql: "SELECT CAST(ROW(1, 0, DATE '2024-01-01') AS ROW(x integer, y double, d date))",
    type: 'row("x" integer, "y" double, "d" date)',
    json: '[1,0.0,"2024-01-01"]',
  },
  { sql: 'SELECT CAST(NULL AS double)', type: 'double', json: 'null' },
];

describe('gateway wire format over the lakehouse', () => {
  let gold: GoldLakehouse;
  let gateway: Gateway;

  before(async () => {
    gold = await createGoldLakehouse();
    gateway = await startGateway({ engine: gold.lakehouse.engine, port: 0, pageRows: 200 });
  });
  after(async () => {
    await gateway?.close();
    await gold?.close();
  });

  for (const cell of TYPED_CELLS) {
    it(`${cell.sql} is ${cell.type} ${cell.json}`, async () => {
      const result = await runRaw(gateway.url, cell.sql);
      assert.equal(result.error, undefined, `${result.error?.errorName}: ${result.error?.message}`);
      assert.deepEqual(
        result.columns.map((column) => column.type),
        [cell.type],
      );
      assert.equal(result.rows.length, 1);
      const [token] = result.rows[0] ?? [];
      assert.ok(token);
      assert.equal(tokenText(token), cell.json);
      decodeCell(result.columns[0]?.typeSignature as NonNullable<(typeof result.columns)[0]>['typeSignature'], token);
    });
  }

  it('sends every gold table whole (SELECT *) in tokens the Trino client accepts, doubles as float tokens', async () => {
    assert.ok(gold.goldTables.includes('gold.daily_metrics') && gold.goldTables.includes('gold.latest_prices'));
    for (const table of gold.goldTables) {
      const result = await runRaw(gateway.url, `SELECT * FROM ${table}`);
      assert.equal(result.error, undefined, `${table}: ${result.error?.errorName}: ${result.error?.message}`);
      assert.ok(result.rows.length > 0, `${table} has rows`);
      for (const row of result.rows) {
        row.forEach((token, i) => {
          const column = result.columns[i];
          assert.ok(column, `${table} column ${i}`);
          decodeCell(column.typeSignature, token);
          if (column.type === 'double' && token.kind !== 'VALUE_NULL') {
            assert.ok(
              token.kind === 'VALUE_NUMBER_FLOAT' || token.kind === 'VALUE_STRING',
              `${table}.${column.name} sent ${tokenText(token)}`,
            );
          }
        });
      }
    }
  });

  it('fails a bigint sum beyond 64 bits as Trino does, instead of sending a number no client can read', async () => {
    const result = await runRaw(gateway.url, 'SELECT sum(x) FROM (VALUES (9223372036854775807), (1)) t(x)');
    assert.equal(result.error?.errorName, 'NUMERIC_VALUE_OUT_OF_RANGE');
  });
});
