/**
 * The gateway driven by trino-client (npm), the Trino project's own Node client, over loopback:
 * types, paging a million rows, errors, cancel, time limit, queueing, metadata, auth and the
 * sandbox-escape list. The engine is a plain DuckDB engine with the QueryEngine interface.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BasicAuth, type QueryResult, Trino } from 'trino-client';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { createTestEngine, type TestEngine } from '../../unit/gateway/helpers/duckdbTestEngine.js';
import { SANDBOX_ESCAPES } from '../../unit/gateway/helpers/sandboxEscapes.js';

const SETUP = [
  'CREATE SCHEMA iceberg.gold',
  `CREATE TABLE iceberg.gold.latest_prices AS SELECT * FROM (VALUES
     ('BTC-USD', 67123.45000000::DECIMAL(18,8), TIMESTAMPTZ '2024-03-01 12:34:56.123456+00', 12),
     ('ETH-USD', 3456.10000000::DECIMAL(18,8), TIMESTAMPTZ '2024-03-01 12:34:57.000001+00', 7)
   ) t(product_id, price, last_trade_time, trade_count)`,
];

/** Slow enough to still be running when cancelled or timed out. */
const LONG_QUERY = 'SELECT sum(a.range * b.range) AS s FROM range(200000) a, range(200000) b';

interface Collected {
  results: QueryResult[];
  columns: { name: string; type: string }[];
  rows: unknown[][];
  error?: QueryResult['error'];
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The id of the running query whose text matches a LIKE pattern. */
async function runningQueryId(trino: Trino, pattern: string, gateway?: Gateway): Promise<string> {
  if (gateway) {
    const id = gateway
      .queries()
      .find((q) => q.state === 'RUNNING' && q.query.startsWith(pattern.replace('%', '')))?.queryId;
    assert.ok(id, 'no running query');
    return id;
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const { rows } = await collect(
      trino,
      `SELECT query_id FROM system.runtime.queries WHERE state = 'RUNNING' AND query LIKE '${pattern}'`,
    );
    if (rows.length === 1) return rows[0]?.[0] as string;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`no running query like ${pattern}`);
}

async function collect(trino: Trino, query: string): Promise<Collected> {
  const results: QueryResult[] = [];
  for await (const result of await trino.query(query)) results.push(result);
  const last = results.at(-1);
  return {
    results,
    columns: results.find((r) => r.columns)?.columns ?? [],
    rows: results.flatMap((r) => r.data ?? []),
    ...(last?.error ? { error: last.error } : {}),
  };
}

describe('gateway with trino-client', () => {
  let engine: TestEngine;
  let gateway: Gateway;
  let trino: Trino;

  before(async () => {
    engine = await createTestEngine(SETUP);
    gateway = await startGateway({ engine, port: 0, maxConcurrentQueries: 2 });
    trino = Trino.create({ server: gateway.url, catalog: 'iceberg', schema: 'gold', source: 'gateway-test' });
  });
  after(async () => {
    await gateway.close();
    await engine.close();
  });

  it('binds to loopback and reports the engine sandbox', () => {
    assert.equal(gateway.host, '127.0.0.1');
    assert.equal(gateway.sandbox.externalAccess, false);
    assert.equal(gateway.sandbox.configurationLocked, true);
    assert.equal(gateway.sandbox.metadataDatabase.configurationLocked, true);
  });

  it('returns exact decimals and Trino timestamps with Trino type names', async () => {
    const { columns, rows, error } = await collect(trino, 'SELECT * FROM gold.latest_prices ORDER BY product_id');
    assert.equal(error, undefined);
    assert.deepEqual(
      columns.map((c) => [c.name, c.type]),
      [
        ['product_id', 'varchar'],
        ['price', 'decimal(18,8)'],
        ['last_trade_time', 'timestamp(6) with time zone'],
        ['trade_count', 'integer'],
      ],
    );
    assert.deepEqual(rows, [
      ['BTC-USD', '67123.45000000', '2024-03-01 12:34:56.123456 UTC', 12],
      ['ETH-USD', '3456.10000000', '2024-03-01 12:34:57.000001 UTC', 7],
    ]);
  });

  it('pages a million rows in bounded pages', async () => {
    let count = 0;
    let sum = 0;
    let pages = 0;
    let largestPage = 0;
    for await (const result of await trino.query('SELECT range AS n FROM range(1000000)')) {
      assert.equal(result.error, undefined);
      if (!result.data) continue;
      pages++;
      largestPage = Math.max(largestPage, result.data.length);
      for (const row of result.data) {
        count++;
        sum += row[0] as number;
      }
    }
    assert.equal(count, 1_000_000);
    assert.equal(sum, (999_999 * 1_000_000) / 2);
    assert.ok(pages > 1, `expected several pages, got ${pages}`);
    assert.ok(largestPage <= 100_000, `page of ${largestPage} rows`);
  });

  it('reports syntax errors and missing tables with Trino error names', async () => {
    const syntax = await collect(trino, 'SELECT FROM WHERE');
    assert.equal(syntax.error?.errorName, 'SYNTAX_ERROR');
    assert.equal(syntax.error?.errorType, 'USER_ERROR');
    assert.equal(syntax.error?.errorCode, 1);
    const missing = await collect(trino, 'SELECT * FROM gold.no_such_table');
    assert.equal(missing.error?.errorName, 'TABLE_NOT_FOUND');
    assert.match(missing.error?.message ?? '', /no_such_table/);
  });

  it('cancels a running query and releases its engine connection', async () => {
    // trino-client yields only pages with data, so the running query's id comes from system.runtime.queries.
    const running = collect(trino, LONG_QUERY);
    const id = await runningQueryId(trino, 'SELECT sum(a.range%');
    await trino.cancel(id);
    const { error } = await running;
    assert.equal(error?.errorName, 'USER_CANCELED');
    await waitFor(() => engine.openConnections === 0);
    assert.equal(engine.openConnections, 0);
  });

  it('releases the engine connection of a query cancelled before its first page', async () => {
    const posted = (await (
      await fetch(`${gateway.url}/v1/statement`, { method: 'POST', body: 'SELECT * FROM range(10)' })
    ).json()) as QueryResult;
    // Once the engine holds a connection for it (and, almost always, has answered), cancel without reading.
    await waitFor(() => engine.openConnections === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await fetch(posted.nextUri as string, { method: 'DELETE' })).status, 204);
    await waitFor(() => engine.openConnections === 0);
    assert.equal(engine.openConnections, 0);
  });

  it('answers SHOW, DESCRIBE, information_schema and system tables', async () => {
    assert.deepEqual((await collect(trino, 'SHOW CATALOGS')).rows, [['iceberg'], ['system']]);
    assert.ok((await collect(trino, 'SHOW SCHEMAS FROM iceberg')).rows.some((r) => r[0] === 'gold'));
    assert.deepEqual((await collect(trino, "SHOW TABLES FROM iceberg.gold LIKE 'latest%'")).rows, [['latest_prices']]);
    const describe = await collect(trino, 'DESCRIBE latest_prices');
    assert.deepEqual(describe.rows[1], ['price', 'decimal(18,8)', '', '']);
    const columns = await collect(
      trino,
      "SELECT column_name, data_type FROM iceberg.information_schema.columns WHERE table_schema = 'gold' AND table_name = 'latest_prices' ORDER BY ordinal_position",
    );
    assert.deepEqual(columns.rows[2], ['last_trade_time', 'timestamp(6) with time zone']);
    const nodes = await collect(trino, 'SELECT node_version, coordinator, state FROM system.runtime.nodes');
    assert.deepEqual(nodes.rows, [['476-lakehouse', true, 'active']]);
    const jdbc = await collect(trino, "SELECT table_name FROM system.jdbc.tables WHERE table_schem = 'gold'");
    assert.deepEqual(jdbc.rows, [['latest_prices']]);
    const create = await collect(trino, 'SHOW CREATE TABLE gold.latest_prices');
    assert.match(String(create.rows[0]?.[0]), /"price" decimal\(18,8\)/);
  });

  it("answers the Trino JDBC driver's DatabaseMetaData queries (DBeaver's browser)", async () => {
    const catalogs = await collect(trino, 'SELECT TABLE_CAT FROM system.jdbc.catalogs ORDER BY TABLE_CAT');
    assert.deepEqual(catalogs.rows, [['iceberg'], ['system']]);
    const schemas = await collect(
      trino,
      "SELECT TABLE_SCHEM, TABLE_CATALOG FROM system.jdbc.schemas WHERE TABLE_CATALOG = 'iceberg' AND TABLE_SCHEM LIKE 'go%' ESCAPE '\\' ORDER BY TABLE_CATALOG, TABLE_SCHEM",
    );
    assert.deepEqual(schemas.rows, [['gold', 'iceberg']]);
    const tables = await collect(
      trino,
      "SELECT TABLE_CAT, TABLE_SCHEM, TABLE_NAME, TABLE_TYPE, REMARKS, TYPE_CAT, TYPE_SCHEM, TYPE_NAME, SELF_REFERENCING_COL_NAME, REF_GENERATION FROM system.jdbc.tables WHERE TABLE_CAT = 'iceberg' AND TABLE_SCHEM LIKE 'gold' ESCAPE '\\' AND TABLE_NAME LIKE '%' ESCAPE '\\' AND TABLE_TYPE IN ('TABLE', 'VIEW') ORDER BY TABLE_TYPE, TABLE_CAT, TABLE_SCHEM, TABLE_NAME",
    );
    assert.deepEqual(tables.rows, [['iceberg', 'gold', 'latest_prices', 'TABLE', null, null, null, null, null, null]]);
    const columns = await collect(
      trino,
      "SELECT COLUMN_NAME, DATA_TYPE, TYPE_NAME, COLUMN_SIZE, DECIMAL_DIGITS, ORDINAL_POSITION FROM system.jdbc.columns WHERE TABLE_CAT = 'iceberg' AND TABLE_SCHEM = 'gold' AND TABLE_NAME = 'latest_prices' ORDER BY ORDINAL_POSITION",
    );
    assert.deepEqual(columns.rows[1], ['price', 3, 'decimal(18,8)', 18, 8, 2]);
    assert.deepEqual(columns.rows[2]?.slice(0, 3), ['last_trade_time', 2014, 'timestamp(6) with time zone']);
  });

  it('sends X-Trino-Set-Catalog and -Schema for USE', async () => {
    const response = await fetch(`${gateway.url}/v1/statement`, {
      method: 'POST',
      body: 'USE iceberg.gold',
      headers: { 'X-Trino-User': 'tester' },
    });
    let body = (await response.json()) as QueryResult & { updateType?: string };
    let headers = response.headers;
    while (body.nextUri) {
      const next = await fetch(body.nextUri);
      headers = next.headers;
      body = (await next.json()) as typeof body;
    }
    assert.equal(body.updateType, 'USE');
    assert.equal(headers.get('x-trino-set-catalog'), 'iceberg');
    assert.equal(headers.get('x-trino-set-schema'), 'gold');
  });

  it('serves /v1/info like a Trino coordinator', async () => {
    const info = (await (await fetch(`${gateway.url}/v1/info`)).json()) as Record<string, unknown>;
    assert.equal(info.coordinator, true);
    assert.equal(info.starting, false);
    assert.deepEqual(info.nodeVersion, { version: '476-lakehouse' });
  });

  it('rejects every sandbox-escape attempt with a clear error', async () => {
    for (const attempt of SANDBOX_ESCAPES) {
      const { error } = await collect(trino, attempt.sql);
      assert.equal(error?.errorName, attempt.errorName, attempt.sql);
      assert.equal(error?.errorType, 'USER_ERROR', attempt.sql);
    }
    assert.deepEqual((await collect(trino, 'SELECT count(*) FROM gold.latest_prices')).rows, [[2]]);
  });
});

describe('gateway limits and authentication', () => {
  let engine: TestEngine;
  before(async () => {
    engine = await createTestEngine(SETUP);
  });
  after(async () => {
    await engine.close();
  });

  it('fails a query that exceeds the time limit with EXCEEDED_TIME_LIMIT', async () => {
    const gateway = await startGateway({ engine, port: 0, queryMaxRunTimeMs: 300 });
    try {
      const trino = Trino.create({ server: gateway.url });
      const { error } = await collect(trino, LONG_QUERY);
      assert.equal(error?.errorName, 'EXCEEDED_TIME_LIMIT');
      assert.equal(error?.errorType, 'INSUFFICIENT_RESOURCES');
    } finally {
      await gateway.close();
    }
  });

  it('honours a shorter query_max_run_time session property', async () => {
    const gateway = await startGateway({ engine, port: 0 });
    try {
      const trino = Trino.create({ server: gateway.url, session: { query_max_run_time: '300ms' } });
      const { error } = await collect(trino, LONG_QUERY);
      assert.equal(error?.errorName, 'EXCEEDED_TIME_LIMIT');
      const invalid = Trino.create({ server: gateway.url, session: { query_max_run_time: 'soon' } });
      assert.equal((await collect(invalid, 'SELECT 1')).error?.errorName, 'INVALID_SESSION_PROPERTY');
    } finally {
      await gateway.close();
    }
  });

  it("fails a query beyond the engine's memory limit with EXCEEDED_LOCAL_MEMORY_LIMIT and keeps serving", async () => {
    const small = await createTestEngine([], { memoryLimit: '64MB' });
    const gateway = await startGateway({ engine: small, port: 0 });
    try {
      const trino = Trino.create({ server: gateway.url });
      const { error } = await collect(trino, "SELECT length(string_agg(range::VARCHAR, ',')) FROM range(30000000)");
      assert.equal(error?.errorName, 'EXCEEDED_LOCAL_MEMORY_LIMIT');
      assert.equal(error?.errorType, 'INSUFFICIENT_RESOURCES');
      assert.deepEqual((await collect(trino, 'SELECT 1 AS still_up')).rows, [[1]]);
    } finally {
      await gateway.close();
      await small.close();
    }
  });

  it('queues queries beyond the concurrency limit and runs them when a slot frees', async () => {
    const gateway = await startGateway({ engine, port: 0, maxConcurrentQueries: 1, maxWaitMs: 50 });
    try {
      const trino = Trino.create({ server: gateway.url });
      const long = collect(trino, LONG_QUERY);
      await waitFor(() => gateway.runningQueries === 1);
      // The protocol's own view: a second query waits in QUEUED while the first holds the only slot.
      const posted = (await (
        await fetch(`${gateway.url}/v1/statement`, { method: 'POST', body: 'SELECT 42' })
      ).json()) as QueryResult;
      const queued = (await (await fetch(posted.nextUri as string)).json()) as QueryResult;
      assert.equal(queued.stats?.state, 'QUEUED');
      const cancelled = await fetch(queued.nextUri as string, { method: 'DELETE' });
      assert.equal(cancelled.status, 204);
      const short = collect(trino, 'SELECT 43 AS answer');
      await trino.cancel(await runningQueryId(trino, 'SELECT sum(a.range%', gateway));
      assert.equal((await long).error?.errorName, 'USER_CANCELED');
      assert.deepEqual((await short).rows, [[43]]);
    } finally {
      await gateway.close();
    }
  });

  it('requires the shared secret with basic auth (401 with WWW-Authenticate otherwise)', async () => {
    const gateway = await startGateway({ engine, port: 0, auth: { mode: 'basic', secret: 's3cret' } });
    try {
      const anonymous = await fetch(`${gateway.url}/v1/statement`, { method: 'POST', body: 'SELECT 1' });
      assert.equal(anonymous.status, 401);
      assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Basic realm=/);
      const good = Trino.create({ server: gateway.url, auth: new BasicAuth('analyst', 's3cret') });
      assert.deepEqual((await collect(good, 'SELECT 1 AS one')).rows, [[1]]);
      const bad = Trino.create({ server: gateway.url, auth: new BasicAuth('analyst', 'wrong') });
      await assert.rejects(collect(bad, 'SELECT 1'), /401/);
    } finally {
      await gateway.close();
    }
  });

  it('serves HTTPS with basic auth, as the Trino JDBC driver requires for passwords', async () => {
    const fixtures = path.join(process.cwd(), 'tests', 'integration', 'gateway', 'fixtures');
    const cert = readFileSync(path.join(fixtures, 'localhost-cert.pem'));
    const key = readFileSync(path.join(fixtures, 'localhost-key.pem'));
    const gateway = await startGateway({
      engine,
      port: 0,
      tls: { cert, key },
      auth: { mode: 'basic', secret: 's3cret' },
    });
    try {
      assert.match(gateway.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const trino = Trino.create({ server: gateway.url, ssl: { ca: cert }, auth: new BasicAuth('analyst', 's3cret') });
      const { rows, results } = await collect(trino, 'SELECT 3 AS three');
      assert.deepEqual(rows, [[3]]);
      assert.ok(results.every((r) => r.nextUri === undefined || r.nextUri.startsWith('https://')));
    } finally {
      await gateway.close();
    }
  });

  it('requires the bearer token in bearer mode', async () => {
    const gateway = await startGateway({ engine, port: 0, auth: { mode: 'bearer', secret: 'tok3n' } });
    try {
      const anonymous = await fetch(`${gateway.url}/v1/statement`, { method: 'POST', body: 'SELECT 1' });
      assert.equal(anonymous.status, 401);
      assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Bearer realm=/);
      const trino = Trino.create({ server: gateway.url, extraHeaders: { Authorization: 'Bearer tok3n' } });
      assert.deepEqual((await collect(trino, 'SELECT 2 AS two')).rows, [[2]]);
    } finally {
      await gateway.close();
    }
  });
});
