/**
 * Request limits: a statement body over the configured size is read to its end and answered 413
 * with Trino's QUERY_TEXT_TOO_LARGE (not a reset connection), and the gateway keeps serving.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { createTestEngine, type TestEngine } from '../../unit/gateway/helpers/duckdbTestEngine.js';
import { runRaw } from './helpers/rawStatement.js';

describe('gateway request body limit', () => {
  let engine: TestEngine;
  let gateway: Gateway;

  before(async () => {
    engine = await createTestEngine(['CREATE SCHEMA iceberg.gold']);
    gateway = await startGateway({ engine, port: 0 });
  });
  after(async () => {
    await gateway.close();
    await engine.close();
  });

  async function post(body: string): Promise<Response> {
    return fetch(`${gateway.url}/v1/statement`, { method: 'POST', body, headers: { 'X-Trino-User': 'limits' } });
  }

  it('answers a 50 MB body with 413 and QUERY_TEXT_TOO_LARGE', async () => {
    const body = `SELECT '${'x'.repeat(50 * 1024 * 1024)}'`;
    const response = await post(body);
    assert.equal(response.status, 413);
    const { error } = (await response.json()) as { error: { errorName: string; errorCode: number; message: string } };
    assert.equal(error.errorName, 'QUERY_TEXT_TOO_LARGE');
    assert.equal(error.errorCode, 35);
    assert.match(
      error.message,
      new RegExp(`length \\(${Buffer.byteLength(body)} bytes\\) exceeds the maximum length \\(1000000 bytes`),
    );
    const after = await runRaw(gateway.url, 'SELECT 1');
    assert.deepEqual([after.error, after.rows.length], [undefined, 1], 'the gateway still answers');
  });

  it('accepts a statement of exactly the limit (Trino default query.max-length, 1,000,000)', async () => {
    const prefix = "SELECT length('";
    const suffix = "')";
    const sql = `${prefix}${'y'.repeat(1_000_000 - prefix.length - suffix.length)}${suffix}`;
    const response = await post(sql);
    assert.equal(response.status, 200);
    await response.body?.cancel();
    assert.equal((await post(`${sql} `)).status, 413);
  });
});
