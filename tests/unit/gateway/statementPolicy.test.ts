import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayQueryError } from '../../../local/gateway/protocol/errors.js';
import { checkStatement } from '../../../local/gateway/sql/statementPolicy.js';
import { SANDBOX_ESCAPES } from './helpers/sandboxEscapes.js';

function rejection(sql: string): GatewayQueryError {
  try {
    checkStatement(sql);
  } catch (error) {
    assert.ok(error instanceof GatewayQueryError, `expected a GatewayQueryError for ${sql}`);
    return error;
  }
  assert.fail(`statement was accepted: ${sql}`);
}

describe('statement policy', () => {
  for (const attempt of SANDBOX_ESCAPES) {
    it(`rejects ${attempt.sql} with ${attempt.errorName}`, () => {
      const error = rejection(attempt.sql);
      assert.equal(error.errorName, attempt.errorName);
      assert.ok(error.message.length > 10);
    });
  }

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
      rejection("EXECUTE IMMEDIATE 'SELECT * FROM read_csv(?)' USING '/etc/passwd'").errorName,
      'PERMISSION_DENIED',
    );
    assert.equal(rejection("EXECUTE IMMEDIATE 'DROP TABLE t'").errorName, 'PERMISSION_DENIED');
    assert.equal(rejection("EXECUTE IMMEDIATE 'SELECT ?' USING getenv('HOME')").errorName, 'PERMISSION_DENIED');
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
