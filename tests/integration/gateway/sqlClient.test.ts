/**
 * The `--server` client side (what `lakehouse sql --server URL` runs) against the gateway, and the
 * `lakehouse gateway` command as a real process over a temporary LAKEHOUSE_HOME.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  printEngineResult,
  queryTrino,
  runRemoteStatement,
  TrinoQueryFailed,
} from '../../../local/gateway/client/index.js';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { createTestEngine, type TestEngine } from '../../unit/gateway/helpers/duckdbTestEngine.js';

describe('remote SQL client against the gateway', () => {
  let engine: TestEngine;
  let gateway: Gateway;

  before(async () => {
    engine = await createTestEngine([
      'CREATE SCHEMA iceberg.gold',
      "CREATE TABLE iceberg.gold.latest_prices AS SELECT 'BTC-USD' AS product_id, 67123.45::DECIMAL(18,8) AS price",
    ]);
    gateway = await startGateway({ engine, port: 0, pageRows: 1000 });
  });
  after(async () => {
    await gateway.close();
    await engine.close();
  });

  it('prints results as table, csv and json with exact numbers', async () => {
    let out = '';
    const write = (text: string) => {
      out += text;
    };
    const sql = 'SELECT product_id, price, 9007199254740993 AS big FROM gold.latest_prices';
    await runRemoteStatement({ server: gateway.url, format: 'csv', write }, sql);
    assert.equal(out, 'product_id,price,big\nBTC-USD,67123.45000000,9007199254740993\n');
    out = '';
    await runRemoteStatement({ server: gateway.url, format: 'json', write }, sql);
    assert.equal(out, '{"product_id":"BTC-USD","price":"67123.45000000","big":9007199254740993}\n');
    out = '';
    await runRemoteStatement({ server: gateway.url, format: 'table', write }, sql);
    assert.match(out, /BTC-USD\s+\| 67123\.45000000 \| 9007199254740993\n\(1 row\)/);
  });

  it('prints the same table, csv and json in-process and through --server, times as the Trino CLI does', async () => {
    const sql = `SELECT product_id, price, TIMESTAMPTZ '2024-03-01 12:34:56.123456+00' AS t, CAST(2 AS DOUBLE) AS d,
        NULL AS nothing, 'a,"b"' AS quoted, [1, 2] AS list FROM gold.latest_prices`;
    for (const format of ['table', 'csv', 'json'] as const) {
      let inProcess = '';
      await printEngineResult(await engine.query(sql, { schema: 'gold' }), format, (text) => {
        inProcess += text;
      });
      let remote = '';
      await runRemoteStatement({ server: gateway.url, schema: 'gold', format, write: (text) => (remote += text) }, sql);
      assert.equal(inProcess, remote, `${format} differs`);
      assert.match(inProcess, /2024-03-01 12:34:56\.123456 UTC/);
    }
  });

  it('follows USE and reports failures with the Trino error name', async () => {
    const updates: { catalog?: string; schema?: string }[] = [];
    for await (const _ of queryTrino({ server: gateway.url }, 'USE iceberg.gold', (u) => updates.push(u))) {
      assert.fail('USE returns no rows');
    }
    assert.deepEqual(updates.at(-1), { catalog: 'iceberg', schema: 'gold' });
    await assert.rejects(
      runRemoteStatement({ server: gateway.url, format: 'csv', write: () => undefined }, 'SELECT * FROM nowhere.t'),
      (error: unknown) => error instanceof TrinoQueryFailed && error.errorName === 'TABLE_NOT_FOUND',
    );
  });

  it('cancels the server query when the caller stops reading', async () => {
    let pages = 0;
    for await (const _ of queryTrino({ server: gateway.url }, 'SELECT * FROM range(100000)')) {
      pages++;
      break;
    }
    assert.equal(pages, 1);
    for (let i = 0; i < 200 && engine.openConnections > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(engine.openConnections, 0);
    assert.ok(gateway.queries().some((q) => q.errorCode === 'USER_CANCELED'));
  });

  it('cancels the server query when aborted before its first page (the id comes from the first response)', async () => {
    const controller = new AbortController();
    const sql = 'SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b';
    const run = runRemoteStatement(
      { server: gateway.url, format: 'csv', write: () => undefined },
      sql,
      controller.signal,
    );
    const running = () => gateway.queries().find((q) => q.query === sql && q.state === 'RUNNING');
    for (let i = 0; i < 500 && !running(); i++) await new Promise((r) => setTimeout(r, 10));
    const id = running()?.queryId;
    assert.ok(id, 'the long query runs');
    controller.abort();
    await assert.rejects(run);
    const state = () => gateway.queries().find((q) => q.queryId === id);
    for (let i = 0; i < 500 && state()?.errorCode !== 'USER_CANCELED'; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(state()?.errorCode, 'USER_CANCELED');
    for (let i = 0; i < 500 && engine.openConnections > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(engine.openConnections, 0, 'the engine released the cancelled query');
  });

  it('keeps the exact text of numbers trino-client would round (bigint beyond 2^53, whole doubles)', async () => {
    let out = '';
    await runRemoteStatement(
      { server: gateway.url, format: 'json', write: (text) => (out += text) },
      'SELECT 9223372036854775807 AS big, CAST(2 AS DOUBLE) AS d',
    );
    assert.equal(out, '{"big":9223372036854775807,"d":2.0}\n');
  });
});

describe('lakehouse gateway command', () => {
  it('serves the Trino protocol on the configured port until SIGTERM', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'gateway-cli-'));
    const child = spawn(process.execPath, ['bin/lakehouse.js', 'gateway', '--port', '0'], {
      env: { ...process.env, LAKEHOUSE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolve(match[1] as string);
        });
        child.on('exit', (code) => reject(new Error(`gateway exited with ${code}: ${out}`)));
      });
      const info = (await (await fetch(`${url}/v1/info`)).json()) as { coordinator: boolean };
      assert.equal(info.coordinator, true);
      let out = '';
      await runRemoteStatement(
        {
          server: url,
          format: 'csv',
          write: (text) => {
            out += text;
          },
        },
        'SHOW CATALOGS',
      );
      assert.equal(out, 'Catalog\niceberg\nsystem\n');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      await exited;
      await fs.rm(home, { recursive: true, force: true });
    }
  });
});
