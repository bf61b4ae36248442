/**
 * Column names, version() and current_user as Trino answers them, through the gateway (over plain
 * HTTP, the user from X-Trino-User) and in-process (the engine `lakehouse sql` runs), over a lakehouse.
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { tokenText } from '../../unit/gateway/helpers/strictTrinoDecoder.js';
import { createLakehouseFixture, type LakehouseFixture } from './helpers/lakehouseFixture.js';
import { runRaw } from './helpers/rawStatement.js';

describe('Trino names, version() and current_user', () => {
  let fixture: LakehouseFixture;
  let gateway: Gateway;

  before(async () => {
    fixture = await createLakehouseFixture();
    gateway = await startGateway({ engine: fixture.lakehouse.engine, port: 0 });
  });
  after(async () => {
    await gateway?.close();
    await fixture?.close();
  });

  async function answer(sql: string, user = 'ann'): Promise<{ names: string[]; rows: unknown[][] }> {
    const result = await runRaw(gateway.url, sql, user);
    assert.equal(result.error, undefined, `${sql}: ${result.error?.message}`);
    return {
      names: result.columns.map((column) => column.name),
      rows: result.rows.map((row) => row.map((token) => JSON.parse(tokenText(token)))),
    };
  }

  it('names unnamed expressions _col<position>; aliases and column references keep their names', async () => {
    const cases: [string, string[]][] = [
      [
        'SELECT count(*), 1 + 1, product_id AS y, p.price FROM latest_prices p GROUP BY product_id, p.price',
        ['_col0', '_col1', 'y', 'price'],
      ],
      ["VALUES (1, 'a')", ['_col0', '_col1']],
      ['SELECT * FROM (SELECT max(price), min(price) AS low FROM latest_prices)', ['_col0', 'low']],
      ['WITH c AS (SELECT count(*) FROM ohlcv_1m) SELECT *, 2 FROM c', ['_col0', '_col1']],
      ['SELECT product_id FROM latest_prices UNION SELECT upper(product_id) FROM latest_prices', ['product_id']],
      [
        "SELECT count(*), max(table_name) AS last FROM iceberg.information_schema.tables WHERE table_schema = 'gold'",
        ['_col0', 'last'],
      ],
      ['SELECT count(*) FROM system.runtime.nodes', ['_col0']],
    ];
    for (const [sql, names] of cases) assert.deepEqual((await answer(sql)).names, names, sql);
  });

  it('version() is 476 and current_user is the X-Trino-User of the request', async () => {
    assert.deepEqual(await answer('SELECT version(), current_user'), {
      names: ['_col0', '_col1'],
      rows: [['476', 'ann']],
    });
    const quoted = await answer("SELECT current_user = 'o''brien' AS same", "o'brien");
    assert.deepEqual(quoted.rows, [[true]]);
    const refused = await runRaw(gateway.url, 'SELECT current_user()');
    assert.equal(refused.error?.errorName, 'SYNTAX_ERROR');
  });

  it('in-process, the same names, and current_user is the OS user', async () => {
    const result = await fixture.lakehouse.engine.query(
      'SELECT current_user, count(*) AS n, max(price) FROM gold.latest_prices',
    );
    assert.deepEqual(
      result.columns.map((column) => column.name),
      ['_col0', 'n', '_col2'],
    );
    const rows = [];
    for await (const batch of result.batches) rows.push(...batch);
    assert.equal(rows[0]?.[0], os.userInfo().username);
  });
});
