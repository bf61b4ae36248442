import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayQueryError } from '../../../local/gateway/protocol/errors.js';
import { checkStatement } from '../../../local/gateway/sql/statementPolicy.js';

const held = new Map([
  ['statement0', "SELECT * FROM gold.latest_prices WHERE product_id = ? AND trade_count > ? AND note <> '?'"],
  ['Mixed', 'SELECT 1'],
  ['reads_file', 'SELECT * FROM read_csv(?)'],
  ['writes', 'DROP TABLE gold.t'],
]);

function rejection(sql: string, prepared: ReadonlyMap<string, string> = held): GatewayQueryError {
  try {
    checkStatement(sql, prepared);
  } catch (error) {
    assert.ok(error instanceof GatewayQueryError, `expected a GatewayQueryError for ${sql}`);
    return error;
  }
  assert.fail(`statement was accepted: ${sql}`);
}

describe('PREPARE, EXECUTE and DEALLOCATE PREPARE', () => {
  it('PREPARE names the statement after FROM, checked by the policy', () => {
    const checked = checkStatement('PREPARE statement0 FROM SELECT a FROM t WHERE b = ? ;');
    assert.equal(checked.kind, 'prepare');
    assert.deepEqual(checked.prepare, { name: 'statement0', statement: 'SELECT a FROM t WHERE b = ?' });
    assert.deepEqual(checkStatement('prepare "my q" from values (?)').prepare, {
      name: 'my q',
      statement: 'values (?)',
    });
    assert.equal(checkStatement('PREPARE MyName FROM SELECT 1').prepare?.name, 'MyName');
  });

  it('PREPARE refuses what the policy refuses, and statements Trino does not prepare', () => {
    assert.equal(rejection('PREPARE p FROM DROP TABLE t').errorName, 'PERMISSION_DENIED');
    assert.equal(rejection('PREPARE p FROM SET memory_limit = ?').errorName, 'NOT_SUPPORTED');
    for (const body of ['EXECUTE statement0', 'PREPARE q FROM SELECT 1', 'DEALLOCATE PREPARE statement0']) {
      const error = rejection(`PREPARE p FROM ${body}`);
      assert.equal(error.errorName, 'NOT_SUPPORTED', body);
      assert.match(error.message, /Invalid statement type for prepared statement/);
    }
    assert.equal(rejection('PREPARE p SELECT 1').errorName, 'SYNTAX_ERROR');
    assert.equal(rejection('PREPARE p FROM').errorName, 'SYNTAX_ERROR');
  });

  it('EXECUTE binds USING arguments into the held statement, outside its strings', () => {
    const checked = checkStatement("EXECUTE statement0 USING 'BTC-USD', INTEGER '5'", held);
    assert.equal(checked.kind, 'query');
    assert.equal(
      checked.sql,
      "SELECT * FROM gold.latest_prices WHERE product_id = ('BTC-USD') AND trade_count > (INTEGER '5') AND note <> '?'",
    );
    assert.equal(checkStatement('EXECUTE Mixed', held).sql, 'SELECT 1');
  });

  // What a bound query may call (read_csv, getenv, ...) is the engine's sandbox's decision on DuckDB's
  // parse: tests/integration/gateway/preparedStatements.test.ts runs those through the gateway.
  it('EXECUTE routes the bound statement: a held write is refused, a bound query goes on to the engine', () => {
    assert.equal(rejection('EXECUTE writes').errorName, 'PERMISSION_DENIED');
    assert.equal(
      checkStatement("EXECUTE reads_file USING '/etc/passwd'", held).sql,
      "SELECT * FROM read_csv(('/etc/passwd'))",
    );
    assert.equal(rejection("EXECUTE statement0 USING 'x'").errorName, 'GENERIC_USER_ERROR');
    assert.equal(rejection('EXECUTE statement0 WITH 1, 2').errorName, 'SYNTAX_ERROR');
  });

  it('EXECUTE and DEALLOCATE of a name the client does not hold fail with NOT_FOUND (names are case-sensitive)', () => {
    for (const sql of ['EXECUTE nothing', 'EXECUTE mixed', 'DEALLOCATE PREPARE nothing']) {
      const error = rejection(sql);
      assert.equal(error.errorName, 'NOT_FOUND', sql);
      assert.match(error.message, /Prepared statement not found: (nothing|mixed)/);
    }
  });

  it('DEALLOCATE PREPARE names the statement to drop', () => {
    const checked = checkStatement('DEALLOCATE PREPARE statement0', held);
    assert.equal(checked.kind, 'deallocate');
    assert.equal(checked.deallocate, 'statement0');
    assert.equal(rejection('DEALLOCATE statement0').errorName, 'SYNTAX_ERROR');
  });
});
