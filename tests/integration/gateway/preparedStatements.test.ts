/**
 * Prepared statements through the gateway over plain HTTP, as Trino clients drive them: PREPARE
 * answers X-Trino-Added-Prepare, the client sends its statements back in X-Trino-Prepared-Statement,
 * EXECUTE ... USING binds them, DEALLOCATE PREPARE answers X-Trino-Deallocated-Prepare.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { createTestEngine, type TestEngine } from '../../unit/gateway/helpers/duckdbTestEngine.js';

const SETUP = [
  'CREATE SCHEMA iceberg.gold',
  `CREATE TABLE iceberg.gold.latest_prices AS SELECT * FROM (VALUES
     ('BTC-USD', 67123.45000000::DECIMAL(18,8), 12),
     ('ETH-USD', 3456.10000000::DECIMAL(18,8), 7),
     ('SOL-USD', 151.20000000::DECIMAL(18,8), 3)
   ) t(product_id, price, trade_count)`,
];

interface Answer {
  readonly columns: readonly { name: string; type: string }[];
  readonly rows: readonly unknown[][];
  readonly error?: { errorName: string; message: string };
  readonly updateType?: string;
  readonly added: readonly string[];
  readonly deallocated: readonly string[];
}

/** One statement over HTTP with the prepared statements a client holds; every response's headers are kept. */
async function run(url: string, sql: string, held: readonly string[] = []): Promise<Answer> {
  const headers: Record<string, string> = { 'X-Trino-User': 'prep-test', 'X-Trino-Schema': 'gold' };
  if (held.length > 0) headers['X-Trino-Prepared-Statement'] = held.join(',');
  let response = await fetch(`${url}/v1/statement`, { method: 'POST', body: sql, headers });
  const added: string[] = [];
  const deallocated: string[] = [];
  let columns: Answer['columns'] = [];
  const rows: unknown[][] = [];
  for (;;) {
    assert.equal(response.status, 200, `HTTP ${response.status} for ${sql}`);
    const addedHeader = response.headers.get('x-trino-added-prepare');
    if (addedHeader !== null) added.push(addedHeader);
    const deallocatedHeader = response.headers.get('x-trino-deallocated-prepare');
    if (deallocatedHeader !== null) deallocated.push(deallocatedHeader);
    const body = (await response.json()) as {
      columns?: Answer['columns'];
      data?: unknown[][];
      error?: Answer['error'];
      updateType?: string;
      nextUri?: string;
    };
    if (body.columns) columns = body.columns;
    rows.push(...(body.data ?? []));
    if (body.error || !body.nextUri) {
      return {
        columns,
        rows,
        added: [...new Set(added)],
        deallocated: [...new Set(deallocated)],
        ...(body.error ? { error: body.error } : {}),
        ...(body.updateType ? { updateType: body.updateType } : {}),
      };
    }
    response = await fetch(body.nextUri, { headers: { 'X-Trino-User': 'prep-test' } });
  }
}

describe('prepared statements through the gateway', () => {
  let engine: TestEngine;
  let gateway: Gateway;

  before(async () => {
    engine = await createTestEngine(SETUP);
    gateway = await startGateway({ engine, port: 0 });
  });
  after(async () => {
    await gateway?.close();
    await engine?.close();
  });

  it('PREPARE, EXECUTE ... USING with the header the server sent, DEALLOCATE PREPARE', async () => {
    const statement =
      'SELECT product_id, price FROM latest_prices WHERE trade_count > ? AND product_id <> ? ORDER BY 1';
    const prepared = await run(gateway.url, `PREPARE statement0 FROM ${statement}`);
    assert.equal(prepared.error, undefined);
    assert.equal(prepared.updateType, 'PREPARE');
    assert.deepEqual(
      prepared.columns.map((c) => [c.name, c.type]),
      [['result', 'boolean']],
    );
    assert.deepEqual(prepared.rows, [[true]]);
    assert.deepEqual(prepared.added, [
      'statement0=SELECT+product_id%2C+price+FROM+latest_prices+WHERE+trade_count+%3E+%3F+AND+product_id+%3C%3E+%3F+ORDER+BY+1',
    ]);

    const held = prepared.added;
    const executed = await run(gateway.url, "EXECUTE statement0 USING INTEGER '5', 'ETH-USD'", held);
    assert.equal(executed.error, undefined);
    assert.deepEqual(
      executed.columns.map((c) => [c.name, c.type]),
      [
        ['product_id', 'varchar'],
        ['price', 'decimal(18,8)'],
      ],
    );
    assert.deepEqual(executed.rows, [['BTC-USD', '67123.45000000']]);
    const again = await run(gateway.url, "EXECUTE statement0 USING 0, 'BTC-USD'", held);
    assert.deepEqual(again.rows, [
      ['ETH-USD', '3456.10000000'],
      ['SOL-USD', '151.20000000'],
    ]);

    const dropped = await run(gateway.url, 'DEALLOCATE PREPARE statement0', held);
    assert.equal(dropped.error, undefined);
    assert.equal(dropped.updateType, 'DEALLOCATE');
    assert.deepEqual(dropped.deallocated, ['statement0']);
  });

  it('EXECUTE of a statement the client does not hold, or with the wrong argument count, fails as in Trino', async () => {
    const missing = await run(gateway.url, 'EXECUTE nothing USING 1');
    assert.equal(missing.error?.errorName, 'NOT_FOUND');
    assert.match(missing.error?.message ?? '', /Prepared statement not found: nothing/);
    const held = ['q=SELECT+%3F+%2B+%3F'];
    const wrongCount = await run(gateway.url, 'EXECUTE q USING 1', held);
    assert.equal(wrongCount.error?.errorName, 'GENERIC_USER_ERROR');
    const unknown = await run(gateway.url, 'DEALLOCATE PREPARE nothing', held);
    assert.equal(unknown.error?.errorName, 'NOT_FOUND');
  });

  it('read-only: PREPARE of a write is refused, and a forged held statement is checked when executed', async () => {
    const write = await run(gateway.url, 'PREPARE w FROM DELETE FROM latest_prices');
    assert.equal(write.error?.errorName, 'PERMISSION_DENIED');
    assert.deepEqual(write.added, []);
    const forged = await run(gateway.url, 'EXECUTE w', ['w=DROP+TABLE+latest_prices']);
    assert.equal(forged.error?.errorName, 'PERMISSION_DENIED');
    const file = await run(gateway.url, "EXECUTE r USING '/etc/passwd'", ['r=SELECT+*+FROM+read_csv%28%3F%29']);
    assert.equal(file.error?.errorName, 'PERMISSION_DENIED');
    const count = await run(gateway.url, 'SELECT count(*) AS n FROM latest_prices');
    assert.deepEqual(count.rows, [[3]]);
  });
});
