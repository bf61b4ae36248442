import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PostgresError, toPostgresPlaceholders } from '../../../layers/iceberg/index.js';

describe('toPostgresPlaceholders', () => {
  it('numbers ? placeholders in order', () => {
    assert.equal(
      toPostgresPlaceholders('UPDATE t SET a = ? WHERE b = ? AND c = ?'),
      'UPDATE t SET a = $1 WHERE b = $2 AND c = $3',
    );
  });

  it('leaves question marks in strings, quoted identifiers and comments alone', () => {
    assert.equal(
      toPostgresPlaceholders(`SELECT '?', 'it''s ?', "col?" FROM t -- where ?\nWHERE x = ? /* ? */ AND y = ?`),
      `SELECT '?', 'it''s ?', "col?" FROM t -- where ?\nWHERE x = $1 /* ? */ AND y = $2`,
    );
  });
});

describe('PostgresError', () => {
  const error = (code: string, message = 'boom') => Object.assign(new Error(message), { code });

  it('marks lost connections, serialization failures and deadlocks retriable', () => {
    for (const cause of [
      error('40001'),
      error('40P01'),
      error('08006'),
      error('57P01'),
      error('ECONNREFUSED'),
      new Error('Connection terminated unexpectedly'),
    ]) {
      assert.equal(new PostgresError('UPDATE t SET a = 1', cause).retriable, true, String(cause));
    }
  });

  it('keeps the SQLSTATE and marks constraint and syntax errors final', () => {
    const unique = new PostgresError('INSERT INTO t VALUES (1)', error('23505', 'duplicate key'));
    assert.equal(unique.sqlState, '23505');
    assert.equal(unique.retriable, false);
    assert.match(unique.message, /SQLSTATE 23505.*duplicate key.*INSERT INTO t/);
    assert.equal(new PostgresError('SELEC 1', error('42601')).retriable, false);
  });
});
