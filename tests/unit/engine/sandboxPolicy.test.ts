import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type DuckDBConnection, type DuckDBInstance, StatementType } from '@duckdb/node-api';
import {
  openDuckDB,
  PermissionDeniedError,
  QuerySyntaxError,
  sandboxedStatement,
} from '../../../layers/engine/index.js';

describe('sandbox policy on DuckDB parse', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  before(async () => {
    instance = await openDuckDB({ allowedDirectories: [] });
    connection = await instance.connect();
  });
  after(() => {
    connection.closeSync();
    instance.closeSync();
  });

  async function deniedMessage(sql: string): Promise<string> {
    try {
      await sandboxedStatement(connection, sql);
    } catch (error) {
      assert.ok(error instanceof PermissionDeniedError, `${sql}: ${String(error)}`);
      return error.message;
    }
    assert.fail(`accepted: ${sql}`);
  }

  it('passes one SELECT through unchanged, and EXPLAIN [ANALYZE] of one', async () => {
    assert.deepEqual(await sandboxedStatement(connection, "SELECT 'read_csv(1)' AS s -- glob('/')"), {
      sql: "SELECT 'read_csv(1)' AS s -- glob('/')",
      statementType: StatementType.SELECT,
    });
    assert.deepEqual(await sandboxedStatement(connection, '/* c */ explain analyze SELECT 1'), {
      sql: 'EXPLAIN ANALYZE  SELECT 1',
      statementType: StatementType.EXPLAIN,
    });
    assert.equal((await sandboxedStatement(connection, 'FROM range(3)')).statementType, StatementType.SELECT);
  });

  it('counts statements as DuckDB does, whatever the literal forms around the semicolon', async () => {
    for (const sql of [
      "SELECT E'\\''; SELECT 2",
      "SELECT $$'$$; SELECT 2",
      "SELECT '\\'; SELECT 2",
      'SELECT 1 /* /* */ */; SELECT 2',
    ]) {
      assert.match(await deniedMessage(sql), /^more than one statement is not allowed: DuckDB reads 2 statements/, sql);
    }
    assert.equal((await sandboxedStatement(connection, "SELECT E'\\'; SELECT 2'")).statementType, StatementType.SELECT);
  });

  it('refuses anything that is not a SELECT', async () => {
    for (const sql of [
      'CREATE TABLE t (x INT)',
      "SET GLOBAL TimeZone = 'UTC'",
      'PRAGMA version',
      "ATTACH ':memory:' AS m",
    ]) {
      assert.match(await deniedMessage(sql), /^this statement is not allowed: only one read-only query/, sql);
    }
    assert.match(await deniedMessage('EXPLAIN CREATE TABLE t (x INT)'), /^this statement is not allowed/);
  });

  it('refuses functions that read files, settings or run SQL wherever they appear in the tree', async () => {
    const cases: [string, string][] = [
      ["SELECT current_setting('allowed_directories')", 'function current_setting()'],
      ["SELECT 1 WHERE EXISTS (SELECT 1 FROM read_parquet('/w/x.parquet'))", 'table function read_parquet()'],
      ['SELECT * FROM system.main.duckdb_settings()', 'table function duckdb_settings()'],
      ["SELECT * FROM range(1) WHERE getvariable('x') IS NULL", 'function getvariable()'],
      ["SELECT sum(x) OVER (ORDER BY current_setting('threads')) FROM range(2) t(x)", 'function current_setting()'],
      ["SELECT [current_setting('a')][1]", 'function current_setting()'],
      ["SELECT * FROM json_execute_serialized_sql('{}')", 'table function json_execute_serialized_sql()'],
      ["SELECT * FROM 's3://bucket/x.csv'", "reading the file or URL 's3://bucket/x.csv' as a table"],
      ['SELECT * FROM "data.csv.gz"', "reading the file or URL 'data.csv.gz' as a table"],
      ['SELECT * FROM (SUMMARIZE SELECT 1)', 'DESCRIBE or SUMMARIZE inside a query'],
      ["SELECT value FROM pg_catalog.pg_settings WHERE name = 'allowed_directories'", 'the view pg_settings'],
      ['SELECT path FROM DUCKDB_DATABASES', 'the view DUCKDB_DATABASES'],
      ['SELECT * FROM main.duckdb_logs', 'the view duckdb_logs'],
      ['SELECT sql FROM duckdb_views', 'the view duckdb_views'],
      ['SELECT sql FROM system.duckdb_views', 'the view duckdb_views'],
      ["SELECT sql FROM sqlite_master WHERE type = 'view'", 'the view sqlite_master'],
      ['SELECT view_definition FROM information_schema.views', 'the view views'],
      ['EXPLAIN SELECT * FROM duckdb_secrets()', 'table function duckdb_secrets()'],
    ];
    for (const [sql, what] of cases) {
      assert.ok((await deniedMessage(sql)).startsWith(`${what} is not allowed: `), sql);
    }
  });

  it('keeps the catalog listings readable', async () => {
    for (const sql of [
      'SELECT table_name FROM information_schema.tables',
      'SELECT * FROM duckdb_tables',
      'SELECT * FROM pg_catalog.pg_tables',
      'SELECT * FROM views',
    ]) {
      assert.equal((await sandboxedStatement(connection, sql)).statementType, StatementType.SELECT, sql);
    }
  });

  it('reports text DuckDB cannot parse as a syntax error', async () => {
    await assert.rejects(sandboxedStatement(connection, "SELECT U&'d\\0061t'"), QuerySyntaxError);
    await assert.rejects(sandboxedStatement(connection, 'SELEC 1'), /Parser Error/);
    await assert.rejects(sandboxedStatement(connection, '-- nothing'), QuerySyntaxError);
  });
});
