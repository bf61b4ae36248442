/**
 * The gateway's statement path over a real DuckDB (the test engine and the locked metadata
 * database): every sandbox escape, listed and generated, is refused with a clear error that names
 * what was refused, nothing changes for other users afterwards, and ordinary queries still run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { openDuckDB } from '../../../layers/engine/index.js';
import { engineMetadataSource } from '../../../local/gateway/metadata/MetadataSource.js';
import { classifyError, type GatewayQueryError } from '../../../local/gateway/protocol/errors.js';
import { executeStatement, type StatementContext } from '../../../local/gateway/query/executeStatement.js';
import { createTestEngine, type TestEngine } from './helpers/duckdbTestEngine.js';
import { escapeForms } from './helpers/escapeForms.js';
import { SANDBOX_ESCAPES } from './helpers/sandboxEscapes.js';

const SETUP = [
  'CREATE SCHEMA iceberg.gold',
  `CREATE TABLE iceberg.gold.latest_prices AS SELECT * FROM (VALUES
     ('BTC-USD', 67123.45::DECIMAL(18,8)), ('ETH-USD', 3456.1::DECIMAL(18,8))) t(product_id, price)`,
];

/** What other users could notice: objects, databases and settings, in both DuckDB databases. */
const STATE_SQL = `SELECT
  (SELECT string_agg(concat_ws('.', database_name, schema_name, table_name), ',' ORDER BY table_oid) FROM duckdb_tables()),
  (SELECT string_agg(database_name, ',' ORDER BY database_name) FROM duckdb_databases()),
  (SELECT count(*) FROM duckdb_functions() WHERE function_name LIKE 'pwned%'),
  current_setting('TimeZone'), current_setting('threads'), current_setting('lock_configuration'),
  current_setting('enable_external_access')`;

async function drainRows(context: StatementContext, sql: string): Promise<unknown[][]> {
  const outcome = await executeStatement(context, sql, { catalog: 'iceberg', schema: 'gold' });
  const rows: unknown[][] = [];
  for await (const batch of outcome.result.batches) for (const row of batch) rows.push([...row]);
  return rows;
}

async function refusal(context: StatementContext, sql: string): Promise<GatewayQueryError> {
  try {
    await drainRows(context, sql);
  } catch (error) {
    return classifyError(error);
  }
  assert.fail(`statement was accepted: ${sql}`);
}

describe('executing statements from gateway users', () => {
  let engine: TestEngine;
  let metadataDb: DuckDBInstance;
  let context: StatementContext;

  async function state(): Promise<unknown[]> {
    const connection = await metadataDb.connect();
    try {
      const metadataState = (await connection.runAndReadAll(STATE_SQL)).getRows()[0];
      const result = await engine.query(STATE_SQL);
      const engineState: unknown[] = [];
      for await (const batch of result.batches) engineState.push(...(batch[0] ?? []));
      return [...engineState, ...(metadataState ?? [])];
    } finally {
      connection.closeSync();
    }
  }

  before(async () => {
    engine = await createTestEngine(SETUP);
    metadataDb = await openDuckDB({ allowedDirectories: [] });
    context = {
      engine,
      metadata: engineMetadataSource(engine),
      metadataDb,
      catalog: 'iceberg',
      serverUri: 'http://127.0.0.1:8082',
      nodeVersion: '476-lakehouse',
      queries: () => [],
    };
  });
  after(async () => {
    metadataDb.closeSync();
    await engine.close();
  });

  it('refuses every listed escape with its Trino error', async () => {
    for (const attempt of SANDBOX_ESCAPES) {
      const error = await refusal(context, attempt.sql);
      assert.equal(error.errorName, attempt.errorName, `${attempt.sql}: ${error.message}`);
      assert.match(error.message, /not allowed|not supported/, attempt.sql);
    }
  });

  it('refuses generated escapes in literal, comment and escape forms, naming the forbidden call', async () => {
    const before = await state();
    await fc.assert(
      fc.asyncProperty(escapeForms, async (form) => {
        const error = await refusal(context, form.sql);
        if (form.names === undefined) {
          assert.ok(['PERMISSION_DENIED', 'NOT_SUPPORTED'].includes(error.errorName), `${form.sql}: ${error.message}`);
        } else {
          assert.equal(error.errorName, 'PERMISSION_DENIED', `${form.sql}: ${error.message}`);
          assert.ok(error.message.includes(form.names), `${form.sql}: ${error.message}`);
        }
        assert.match(error.message, /not allowed|not supported/, form.sql);
      }),
      { numRuns: 400, seed: 11 },
    );
    assert.deepEqual(await state(), before);
    assert.deepEqual(await drainRows(context, 'SELECT count(*) FROM gold.latest_prices'), [[2n]]);
  });

  it('names the function, table function or file it refuses', async () => {
    const cases: [string, RegExp][] = [
      ["SELECT current_setting('allowed_directories')", /^function current_setting\(\) is not allowed: /],
      ['SELECT * FROM duckdb_settings()', /^table function duckdb_settings\(\) is not allowed: /],
      [
        "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))",
        /^table function json_execute_serialized_sql\(\) is not allowed: /,
      ],
      ["SELECT * FROM 'x.parquet'", /^reading the file or URL 'x\.parquet' as a table is not allowed: /],
      ["WITH x AS (SELECT 1) INSERT INTO gold.latest_prices VALUES ('a', 1)", /^this statement is not allowed: /],
      ['SELECT * FROM (DESCRIBE gold.latest_prices)', /^DESCRIBE or SUMMARIZE inside a query is not allowed: /],
    ];
    for (const [sql, message] of cases) {
      const error = await refusal(context, sql);
      assert.equal(error.errorName, 'PERMISSION_DENIED', sql);
      assert.match(error.message, message, sql);
    }
  });

  it('runs ordinary queries, including text that only mentions forbidden calls', async () => {
    const cases: [string, unknown[][]][] = [
      ["SELECT price FROM gold.latest_prices WHERE product_id = 'ETH-USD'", [['3456.10000000']]],
      ["SELECT 'read_parquet(''/x'')' AS s /* current_setting('a') */ -- duckdb_settings()", [["read_parquet('/x')"]]],
      ["SELECT E'\\'' AS q, $$; DROP TABLE t$$ AS d", [["'", '; DROP TABLE t']]],
      ['SELECT count(*) FROM range(3) r, generate_series(1, 2) g, unnest([1, 2]) u', [[12n]]],
      ['WITH x AS (SELECT 1 AS a) SELECT a FROM x UNION ALL VALUES (2)', [[1], [2]]],
      ["SELECT count(*) FROM information_schema.tables WHERE table_schema = 'gold'", [[1n]]],
      ["EXECUTE IMMEDIATE 'SELECT ? + 1' USING 41", [[42]]],
    ];
    for (const [sql, rows] of cases) {
      const actual = (await drainRows(context, sql)).map((row) =>
        row.map((v) => (typeof v === 'object' ? String(v) : v)),
      );
      assert.deepEqual(actual, rows, sql);
    }
    assert.equal((await drainRows(context, 'EXPLAIN SELECT * FROM gold.latest_prices')).length > 0, true);
  });
});
