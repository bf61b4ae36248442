/**
 * The sandbox over the real lakehouse engine, through trino-client: generated escape attempts
 * (literal, comment and escape forms around file reads, settings reads, SQL run from strings,
 * second statements) and direct reads of the warehouse's own data files are refused by name;
 * statements run on the engine without the policy still cannot write or change settings; and
 * afterwards nothing has changed for other users while time travel and metadata tables still work.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type QueryResult, Trino } from 'trino-client';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { escapeForms, WRITING_STATEMENTS } from '../../unit/gateway/helpers/escapeForms.js';
import { createLakehouseFixture, type LakehouseFixture } from './helpers/lakehouseFixture.js';

/** Objects, databases and settings of the engine's DuckDB that every user shares. */
const STATE_SQL = `SELECT
  (SELECT string_agg(concat_ws('.', database_name, schema_name, table_name), ',' ORDER BY table_oid) FROM duckdb_tables()),
  (SELECT string_agg(concat_ws('.', database_name, schema_name, view_name), ',' ORDER BY view_oid) FROM duckdb_views() WHERE NOT internal),
  (SELECT string_agg(database_name, ',' ORDER BY database_name) FROM duckdb_databases()),
  (SELECT count(*) FROM duckdb_functions() WHERE function_name LIKE 'pwned%'),
  current_setting('TimeZone'), current_setting('threads'), current_setting('lock_configuration'),
  current_setting('enable_external_access'), current_setting('allowed_directories')`;

interface Outcome {
  readonly rows: unknown[][];
  readonly error?: QueryResult['error'];
}

async function run(trino: Trino, sql: string): Promise<Outcome> {
  const rows: unknown[][] = [];
  let error: QueryResult['error'];
  for await (const result of await trino.query(sql)) {
    rows.push(...(result.data ?? []));
    error = result.error ?? error;
  }
  return error ? { rows, error } : { rows };
}

describe('gateway sandbox over the lakehouse engine', () => {
  let fixture: LakehouseFixture;
  let gateway: Gateway;
  let trino: Trino;

  async function engineState(): Promise<unknown[]> {
    const result = await fixture.lakehouse.engine.query(STATE_SQL);
    const state: unknown[] = [];
    for await (const batch of result.batches) state.push(...(batch[0] ?? []));
    const tables = await fixture.lakehouse.catalog.listTables('gold');
    return [...state, tables.map(String).sort().join(',')];
  }

  before(async () => {
    fixture = await createLakehouseFixture();
    gateway = await startGateway({ engine: fixture.lakehouse.engine, port: 0 });
    trino = Trino.create({ server: gateway.url, catalog: 'iceberg', schema: 'gold' });
  });
  after(async () => {
    await gateway.close();
    await fixture.close();
  });

  it("refuses reading the warehouse's data files directly, whatever the quoting", async () => {
    const files = await run(trino, 'SELECT file_path FROM "latest_prices$files"');
    const file = String(files.rows[0]?.[0]);
    assert.match(file, /\.parquet$/);
    const escaped = file.replaceAll("'", "''");
    for (const sql of [
      `SELECT * FROM read_parquet('${escaped}')`,
      `SELECT E'\\'' AS q, * FROM read_parquet('${escaped}')`,
      `SELECT /* /* */ ' */ * FROM parquet_scan('${escaped}')`,
      `SELECT * FROM '${escaped}'`,
      `SELECT $$'$$ AS d, (SELECT count(*) FROM read_parquet([${`'${escaped}'`}])) AS n`,
      `EXECUTE IMMEDIATE 'SELECT * FROM read_parquet(?)' USING '${escaped}'`,
      // The time-travel expression is evaluated before the query runs: it passes the policy too.
      `SELECT count(*) FROM gold.latest_prices FOR TIMESTAMP AS OF (SELECT max(last_trade_time) FROM read_parquet('${escaped}'))`,
    ]) {
      const { error } = await run(trino, sql);
      assert.equal(error?.errorName, 'PERMISSION_DENIED', `${sql}: ${error?.message}`);
      assert.match(
        error?.message ?? '',
        /(read_parquet|parquet_scan)\(\) is not allowed|as a table is not allowed/,
        sql,
      );
    }
  });

  it('refuses generated escape forms by name, and nothing changes for other users', async () => {
    const before = await engineState();
    await fc.assert(
      fc.asyncProperty(escapeForms, async (form) => {
        const { error } = await run(trino, form.sql);
        assert.ok(error, `accepted: ${form.sql}`);
        assert.equal(error.errorType, 'USER_ERROR', form.sql);
        if (form.names === undefined) {
          assert.ok(['PERMISSION_DENIED', 'NOT_SUPPORTED'].includes(error.errorName), `${form.sql}: ${error.message}`);
        } else {
          assert.equal(error.errorName, 'PERMISSION_DENIED', `${form.sql}: ${error.message}`);
          assert.ok(error.message.includes(form.names), `${form.sql}: ${error.message}`);
        }
      }),
      { numRuns: 150, seed: 476 },
    );
    assert.deepEqual(await engineState(), before);
    assert.deepEqual((await run(trino, 'SELECT count(*) FROM gold.latest_prices')).rows, [[3]]);
    assert.equal((await run(trino, 'SELECT count(*) FROM "latest_prices$snapshots"')).rows.length, 1);
  });

  it('checks the time-travel expression, which runs before the query, with the same policy', async () => {
    const { error } = await run(
      trino,
      "SELECT count(*) FROM gold.latest_prices FOR TIMESTAMP AS OF (SELECT CAST(current_setting('allowed_directories') AS VARCHAR))",
    );
    assert.equal(error?.errorName, 'PERMISSION_DENIED', error?.message);
    assert.match(error?.message ?? '', /^function current_setting\(\) is not allowed: /);
    const at = await run(
      trino,
      'SELECT count(*) FROM gold.latest_prices FOR TIMESTAMP AS OF (SELECT current_timestamp)',
    );
    assert.deepEqual(at.rows, [[3]], at.error?.message);
  });

  it('keeps writes and setting changes impossible on the engine even without the policy', async () => {
    const before = await engineState();
    for (const sql of WRITING_STATEMENTS) {
      await assert.rejects(
        fixture.lakehouse.engine.query(sql),
        /read-only|locked|Permission|not allowed|disabled/i,
        sql,
      );
    }
    assert.deepEqual(await engineState(), before);
  });
});
