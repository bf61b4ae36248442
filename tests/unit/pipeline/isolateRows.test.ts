import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { openDuckDB } from '../../../layers/engine/index.js';
import { materializeIsolating, stageRows } from '../../../layers/pipeline/index.js';

describe('materializeIsolating', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  before(async () => {
    instance = await openDuckDB();
    conn = await instance.connect();
  });
  after(() => {
    conn.closeSync();
    instance.closeSync();
  });

  const convert = (where: string) => `select position, value::INTEGER as value from stage where ${where}`;

  it('converts every row of a clean batch in one statement', async () => {
    await stageRows(
      conn,
      'stage',
      [
        ['position', 'INTEGER'],
        ['value', 'VARCHAR'],
      ],
      [
        [0, '1'],
        [1, '2'],
      ],
    );
    assert.deepEqual(await materializeIsolating(conn, 'ready', 2, convert), []);
    const rows = (await conn.runAndReadAll('select value from ready order by position')).getRows();
    assert.deepEqual(
      rows.map((row) => row[0]),
      [1, 2],
    );
  });

  it('finds exactly the rows that fail, with the error, and keeps all the others', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }), async (bad) => {
        const rows = bad.map((isBad, position) => [position, isBad ? `x${position}` : String(position)] as const);
        await stageRows(
          conn,
          'stage',
          [
            ['position', 'INTEGER'],
            ['value', 'VARCHAR'],
          ],
          rows,
        );
        const isolated = await materializeIsolating(conn, 'ready', rows.length, convert);
        const expected = bad.flatMap((isBad, position) => (isBad ? [position] : []));
        assert.deepEqual(
          isolated.map((row) => row.rowid),
          expected,
        );
        for (const row of isolated) assert.match(row.error, /Could not convert string 'x\d+' to INT32/);
        const kept = (await conn.runAndReadAll('select position from ready order by position')).getRows();
        assert.deepEqual(
          kept.map((row) => row[0]),
          bad.flatMap((isBad, position) => (isBad ? [] : [position])),
        );
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});
