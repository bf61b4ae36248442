import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayQueryError } from '../../../local/gateway/protocol/errors.js';
import { checkStatement } from '../../../local/gateway/sql/statementPolicy.js';

function rejection(sql: string): GatewayQueryError {
  try {
    checkStatement(sql);
  } catch (error) {
    assert.ok(error instanceof GatewayQueryError, `expected a GatewayQueryError for ${sql}`);
    return error;
  }
  assert.fail(`statement was accepted: ${sql}`);
}

describe('statement routing', () => {
  it('refuses statements this endpoint never runs by their first word, after comments', () => {
    const cases: [string, string][] = [
      ['CREATE TABLE gold.pwned AS SELECT 1', 'PERMISSION_DENIED'],
      ["/* SELECT */ COPY (SELECT 1) TO '/tmp/x.csv'", 'PERMISSION_DENIED'],
      ["-- SELECT\nATTACH '/tmp/x.db' AS x", 'PERMISSION_DENIED'],
      ['SET GLOBAL threads = 1', 'NOT_SUPPORTED'],
      ['/* /* nested */ */ RESET lock_configuration', 'NOT_SUPPORTED'],
      ["SELECT 1; COPY (SELECT 1) TO '/tmp/pwned.csv'", 'NOT_SUPPORTED'],
      ["FROM read_csv('/etc/passwd')", 'NOT_SUPPORTED'],
    ];
    for (const [sql, errorName] of cases) {
      const error = rejection(sql);
      assert.equal(error.errorName, errorName, sql);
      assert.match(error.message, /not allowed|not supported/, sql);
    }
  });

  it('leaves what a query may read to the engine: no function or table list here', () => {
    // DuckDB's parse decides (layers/engine/sql/sandboxPolicy.ts); routing only passes the query on.
    assert.equal(checkStatement("SELECT * FROM read_csv('/etc/passwd')").kind, 'query');
  });

  it('accepts read-only statements and classifies them', () => {
    const cases: [string, string][] = [
      ['SELECT * FROM gold.latest_prices;', 'query'],
      ['  with x as (select 1) select * from x', 'query'],
      ['VALUES (1, 2)', 'query'],
      ['(SELECT 1) UNION ALL (SELECT 2)', 'query'],
      ['SHOW TABLES FROM gold', 'show'],
      ['DESCRIBE gold.latest_prices', 'describe'],
      ['EXPLAIN SELECT 1', 'explain'],
      ['USE iceberg.gold', 'use'],
      ["SELECT 'COPY x TO ''/tmp/y''' AS text, \"delete\" FROM t -- DROP TABLE t", 'query'],
      ['SELECT * FROM "orders$snapshots"', 'query'],
      ["SELECT * FROM gold.t FOR TIMESTAMP AS OF TIMESTAMP '2024-01-01 00:00:00 UTC'", 'query'],
      ["SELECT * FROM iceberg_snapshots('gold.t')", 'query'],
      ["SELECT x FROM t WHERE a IN (SELECT b FROM u), 'not a table'", 'query'],
      ['SELECT t.update FROM t', 'query'],
    ];
    for (const [sql, kind] of cases) assert.equal(checkStatement(sql).kind, kind, sql);
  });

  it('binds EXECUTE IMMEDIATE parameters and checks the bound statement', () => {
    const bound = checkStatement("EXECUTE IMMEDIATE 'SELECT ? AS a, ''?'' AS b, ? AS c' USING 42, ARRAY['x, y']");
    assert.equal(bound.kind, 'query');
    assert.equal(bound.sql, "SELECT (42) AS a, '?' AS b, (ARRAY['x, y']) AS c");
    assert.equal(checkStatement("EXECUTE IMMEDIATE 'SELECT 1'").sql, 'SELECT 1');
    assert.equal(rejection("EXECUTE IMMEDIATE 'SELECT ?, ?' USING 1").errorName, 'GENERIC_USER_ERROR');
    assert.equal(
      checkStatement("EXECUTE IMMEDIATE 'SELECT * FROM read_csv(?)' USING '/etc/passwd'").sql,
      "SELECT * FROM read_csv(('/etc/passwd'))",
    );
    assert.equal(rejection("EXECUTE IMMEDIATE 'DROP TABLE t'").errorName, 'PERMISSION_DENIED');
    assert.equal(checkStatement("EXECUTE IMMEDIATE E'SELECT \\'a\\' AS s'").sql, "SELECT 'a' AS s");
  });

  it('strips trailing semicolons from the statement text', () => {
    assert.equal(checkStatement('SELECT 1 ;;  ').sql, 'SELECT 1');
  });

  it('reports malformed text as SYNTAX_ERROR', () => {
    assert.equal(rejection("SELECT 'unterminated").errorName, 'SYNTAX_ERROR');
    assert.equal(rejection('SELEC 1').errorName, 'SYNTAX_ERROR');
    assert.equal(rejection('  -- only a comment').errorName, 'SYNTAX_ERROR');
  });
});
