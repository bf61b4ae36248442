import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PostgresDriver, PostgresError } from '../../../layers/iceberg/index.js';
import { type PostgresServer, startPostgres } from './services/postgresServer.js';

let server: PostgresServer;
let driver: PostgresDriver;
before(async () => {
  server = await startPostgres();
  driver = new PostgresDriver({ connectionString: server.connectionString });
});
after(async () => {
  await driver?.close();
  await server?.stop();
});

describe('PostgresDriver (real PostgreSQL)', () => {
  it('runs statements with ? placeholders and reports changed rows', async () => {
    await driver.run('CREATE TABLE IF NOT EXISTS kv (k VARCHAR(255) PRIMARY KEY, v VARCHAR(1000), n BIGINT)');
    const inserted = await driver.run('INSERT INTO kv (k, v, n) VALUES (?, ?, ?), (?, ?, ?)', [
      'a',
      'x?',
      9_007_199_254_740_993n,
      'b',
      null,
      2,
    ]);
    assert.equal(inserted.changes, 2);
    const selected = await driver.run('SELECT k, v, n FROM kv WHERE k = ?', ['a']);
    assert.deepEqual(selected.rows, [{ k: 'a', v: 'x?', n: '9007199254740993' }]);
    assert.equal(selected.changes, 0);
    const updated = await driver.run('UPDATE kv SET v = ? WHERE k = ? AND v IS NULL', ['y', 'b']);
    assert.equal(updated.changes, 1);
    assert.equal((await driver.run('UPDATE kv SET v = ? WHERE k = ? AND v IS NULL', ['z', 'b'])).changes, 0);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await driver.transaction(async (tx) => {
      await tx.run('INSERT INTO kv (k, v) VALUES (?, ?)', ['t1', 'kept']);
    });
    await assert.rejects(
      driver.transaction(async (tx) => {
        await tx.run('INSERT INTO kv (k, v) VALUES (?, ?)', ['t2', 'dropped']);
        throw new Error('abort');
      }),
      /abort/,
    );
    const { rows } = await driver.run("SELECT k FROM kv WHERE k LIKE 't%' ORDER BY k");
    assert.deepEqual(rows, [{ k: 't1' }]);
  });

  it('classifies errors with SQLSTATE and retriable', async () => {
    await assert.rejects(driver.run('INSERT INTO kv (k, v) VALUES (?, ?)', ['a', 'dup']), (error: unknown) => {
      assert.ok(error instanceof PostgresError);
      assert.equal(error.sqlState, '23505');
      assert.equal(error.retriable, false);
      return true;
    });
  });

  it('survives concurrent CREATE TABLE IF NOT EXISTS from many connections', async () => {
    const drivers = Array.from({ length: 8 }, () => new PostgresDriver({ connectionString: server.connectionString }));
    try {
      await Promise.all(
        drivers.map((d) => d.run('CREATE TABLE IF NOT EXISTS raced (id VARCHAR(10) PRIMARY KEY, v VARCHAR(10))')),
      );
    } finally {
      await Promise.all(drivers.map((d) => d.close()));
    }
    assert.equal((await driver.run('SELECT count(*) AS n FROM raced')).rows[0]?.n, '0');
  });

  it('lets exactly one of concurrent compare-and-swap updates win', async () => {
    await driver.run('INSERT INTO kv (k, v) VALUES (?, ?)', ['pointer', 'v0']);
    const drivers = Array.from({ length: 8 }, () => new PostgresDriver({ connectionString: server.connectionString }));
    try {
      const results = await Promise.all(
        drivers.map((d, i) => d.run('UPDATE kv SET v = ? WHERE k = ? AND v = ?', [`v1-${i}`, 'pointer', 'v0'])),
      );
      assert.equal(results.filter((r) => r.changes === 1).length, 1);
    } finally {
      await Promise.all(drivers.map((d) => d.close()));
    }
  });
});
