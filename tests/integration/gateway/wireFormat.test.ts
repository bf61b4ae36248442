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
import { TYPED_CELLS } from './helpers/typedCells.js';

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
