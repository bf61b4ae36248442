/**
 * Users and their queries over raw HTTP: system.runtime.queries lists only the caller's own
 * queries (every query for the admin user), and GET or DELETE on another user's query answers
 * 403 with Trino's PERMISSION_DENIED, leaving the query running.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { createTestEngine, type TestEngine } from '../../unit/gateway/helpers/duckdbTestEngine.js';
import { tokenText } from '../../unit/gateway/helpers/strictTrinoDecoder.js';
import { runRaw } from './helpers/rawStatement.js';

const LONG_QUERY = 'SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b';

interface Submitted {
  readonly id: string;
  readonly nextUri: string;
}

async function submit(url: string, user: string, sql: string): Promise<Submitted> {
  const response = await fetch(`${url}/v1/statement`, { method: 'POST', body: sql, headers: { 'X-Trino-User': user } });
  const body = (await response.json()) as { id: string; nextUri: string };
  return { id: body.id, nextUri: body.nextUri };
}

async function visibleQueries(url: string, user: string): Promise<{ user: string; query: string }[]> {
  const result = await runRaw(url, 'SELECT "user", query FROM system.runtime.queries', user);
  assert.equal(result.error, undefined);
  return result.rows.map((row) => ({
    user: JSON.parse(tokenText(row[0] as never)) as string,
    query: JSON.parse(tokenText(row[1] as never)) as string,
  }));
}

async function refusal(response: Response): Promise<{ status: number; errorName: string; message: string }> {
  const body = (await response.json()) as { error: { errorName: string; message: string } };
  return { status: response.status, errorName: body.error.errorName, message: body.error.message };
}

describe('gateway users: who sees and cancels which query', () => {
  let engine: TestEngine;
  let gateway: Gateway;

  before(async () => {
    engine = await createTestEngine([]);
    gateway = await startGateway({ engine, port: 0, maxConcurrentQueries: 4, adminUser: 'root' });
  });
  after(async () => {
    await gateway.close();
    await engine.close();
  });

  const stateOf = (id: string) => gateway.queries().find((q) => q.queryId === id)?.state;
  /** Cancelled once the engine runs it, so the engine's interrupt (not the queue) ends it. */
  async function running(submitted: Promise<Submitted>): Promise<Submitted> {
    const query = await submitted;
    for (let i = 0; i < 500 && stateOf(query.id) !== 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(stateOf(query.id), 'RUNNING');
    return query;
  }

  it('lists only the caller own queries; the admin user sees everyone', async () => {
    const alice = await submit(gateway.url, 'alice', `${LONG_QUERY} -- alice`);
    try {
      const bobSees = await visibleQueries(gateway.url, 'bob');
      assert.ok(bobSees.length > 0, 'bob sees at least his own query');
      assert.deepEqual(
        bobSees.filter((q) => q.user !== 'bob'),
        [],
      );
      assert.ok((await visibleQueries(gateway.url, 'alice')).some((q) => q.query.endsWith('-- alice')));
      const rootSees = await visibleQueries(gateway.url, 'root');
      assert.ok(rootSees.some((q) => q.user === 'alice'));
      assert.ok(rootSees.some((q) => q.user === 'bob'));
    } finally {
      await fetch(`${gateway.url}/v1/query/${alice.id}`, { method: 'DELETE', headers: { 'X-Trino-User': 'alice' } });
    }
  });

  it("refuses another user's cancel and view with 403 PERMISSION_DENIED; the owner and the admin may", async () => {
    const first = await running(submit(gateway.url, 'alice', LONG_QUERY));
    const second = await running(submit(gateway.url, 'alice', LONG_QUERY));
    const asBob = { 'X-Trino-User': 'bob' };

    const kill = await refusal(
      await fetch(`${gateway.url}/v1/query/${first.id}`, { method: 'DELETE', headers: asBob }),
    );
    assert.deepEqual(kill, {
      status: 403,
      errorName: 'PERMISSION_DENIED',
      message: 'Access Denied: Cannot kill query owned by alice',
    });
    const viaNextUri = await refusal(await fetch(first.nextUri, { method: 'DELETE', headers: asBob }));
    assert.equal(viaNextUri.status, 403);
    assert.equal(viaNextUri.errorName, 'PERMISSION_DENIED');
    const view = await refusal(await fetch(`${gateway.url}/v1/query/${first.id}`, { headers: asBob }));
    assert.deepEqual(view, {
      status: 403,
      errorName: 'PERMISSION_DENIED',
      message: 'Access Denied: Cannot view query owned by alice',
    });
    assert.notEqual(stateOf(first.id), 'FAILED', 'a refused cancel leaves the query alone');

    const byOwner = await fetch(first.nextUri, { method: 'DELETE', headers: { 'X-Trino-User': 'alice' } });
    assert.equal(byOwner.status, 204);
    assert.equal(stateOf(first.id), 'FAILED');

    const byAdmin = await fetch(`${gateway.url}/v1/query/${second.id}`, {
      method: 'DELETE',
      headers: { 'X-Trino-User': 'root' },
    });
    assert.equal(byAdmin.status, 204);
    assert.equal(stateOf(second.id), 'FAILED');
  });
});

describe('gateway users without an admin user', () => {
  it('lets nobody see or cancel another user query', async () => {
    const engine = await createTestEngine([]);
    const gateway = await startGateway({ engine, port: 0 });
    try {
      const alice = await submit(gateway.url, 'alice', LONG_QUERY);
      assert.deepEqual(
        (await visibleQueries(gateway.url, 'root')).filter((q) => q.user !== 'root'),
        [],
      );
      const kill = await fetch(`${gateway.url}/v1/query/${alice.id}`, {
        method: 'DELETE',
        headers: { 'X-Trino-User': 'root' },
      });
      assert.equal(kill.status, 403);
      await kill.body?.cancel();
    } finally {
      await gateway.close();
      await engine.close();
    }
  });
});
