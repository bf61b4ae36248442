import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duckdbMemory, openDuckDB, parseDuckDBSize } from '../../../layers/duckdb/index.js';

describe('duckdbMemory', () => {
  it('parses the sizes DuckDB prints, binary and decimal units, and names what it cannot read', () => {
    assert.equal(parseDuckDBSize('488.2 MiB'), 488.2 * 2 ** 20);
    assert.equal(parseDuckDBSize('1.0 GiB'), 2 ** 30);
    assert.equal(parseDuckDBSize('0 bytes'), 0);
    assert.equal(parseDuckDBSize('2 GB'), 2e9);
    assert.throws(() => parseDuckDBSize('lots'), /unrecognised DuckDB size 'lots'/);
  });

  it("reports the instance's limit and buffer use, which grows while a table is held in memory", async () => {
    const instance = await openDuckDB({ memoryLimit: '256MB' });
    const connection = await instance.connect();
    try {
      const before = await duckdbMemory(instance);
      assert.ok(Math.abs(before.limitBytes - 256e6) < 0.001 * 256e6, `limit ${before.limitBytes}`);
      await connection.run(
        'CREATE TABLE held AS SELECT range AS n, repeat(CAST(range AS VARCHAR), 20) AS s FROM range(500000)',
      );
      const after = await duckdbMemory(instance);
      assert.ok(after.usedBytes > before.usedBytes + 1e6, `used ${before.usedBytes} -> ${after.usedBytes}`);
      assert.ok(after.usedBytes <= after.limitBytes);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
