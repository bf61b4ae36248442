/** Result column names as Trino gives them, worked out from DuckDB's parse of each statement. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { trinoColumnNamer } from '../../../layers/engine/index.js';

describe('Trino column names', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  before(async () => {
    instance = await DuckDBInstance.create(':memory:', { enable_external_access: 'false' });
    connection = await instance.connect();
    await connection.run("CREATE TABLE t AS SELECT 1 AS x, 2 AS z, 'a' AS s, {'f': 1, 'g': 2} AS r");
  });
  after(() => {
    connection.closeSync();
    instance.closeSync();
  });

  /** The names Trino gives the statement's columns, as the engine computes them from DuckDB's. */
  async function names(sql: string): Promise<string[]> {
    const namer = await trinoColumnNamer(connection, sql);
    const prepared = await connection.prepare(sql);
    if (sql.includes('$1')) prepared.bind(['bound']);
    return namer((await prepared.run()).columnNames());
  }

  const cases: [string, string[]][] = [
    ['SELECT count(*), 1+1, x AS y, t.z, x FROM t GROUP BY x, z', ['_col0', '_col1', 'y', 'z', 'x']],
    ['SELECT 1 AS "Mixed Case", s || s FROM t ORDER BY 1 LIMIT 1', ['Mixed Case', '_col1']],
    ['SELECT *, upper(s) FROM t', ['x', 'z', 's', 'r', '_col4']],
    ['SELECT t.*, 1 FROM t', ['x', 'z', 's', 'r', '_col4']],
    ['SELECT * FROM (SELECT count(*), max(x) AS m FROM t)', ['_col0', 'm']],
    ['SELECT 5, q.* FROM (SELECT count(*), x FROM t GROUP BY x) q', ['_col0', '_col1', 'x']],
    ['SELECT * FROM (SELECT count(*) FROM t) q(n)', ['n']],
    ["VALUES (1, 'a')", ['_col0', '_col1']],
    ['SELECT * FROM (VALUES (1, 2)) v(a, b)', ['a', 'b']],
    ['WITH c AS (SELECT sum(x) FROM t), d(n) AS (SELECT 1) SELECT * FROM c, d', ['_col0', 'n']],
    ['SELECT 1 UNION ALL SELECT 2 AS two', ['_col0']],
    ['(SELECT x AS named FROM t) EXCEPT (SELECT 3)', ['named']],
    ["SELECT (r).g, r.f, r['f'] FROM t", ['g', 'f', '_col2']],
    ['SELECT 1, a.*, b.*, 2 FROM t a, t b', ['_col0', 'x', 'z', 's', 'r', 'x', 'z', 's', 'r', '_col9']],
    ['SELECT x FROM t WHERE s <> $1', ['x']],
    ['SELECT $1 AS table_name, count(*) FROM t UNION ALL SELECT $1, 2', ['table_name', '_col1']],
    ['SELECT * FROM t a JOIN t b USING (x)', ['x', 'z', 's', 'r', 'z', 's', 'r']],
  ];
  for (const [sql, expected] of cases) {
    it(`${sql} -> ${expected.join(', ')}`, async () => {
      assert.deepEqual(await names(sql), expected);
    });
  }

  it('names a repeated statement alike, and by the result it is given each time', async () => {
    const namer = await trinoColumnNamer(connection, 'SELECT * FROM (SELECT count(*), x FROM t GROUP BY x)');
    assert.deepEqual(namer(['count_star()', 'x']), ['_col0', 'x']);
    const again = await trinoColumnNamer(connection, 'SELECT * FROM (SELECT count(*), x FROM t GROUP BY x)');
    assert.deepEqual(again(['count_star()', 'x']), ['_col0', 'x']);
  });

  it('keeps DuckDB names for statements it cannot serialize (EXPLAIN)', async () => {
    assert.deepEqual(await names('EXPLAIN SELECT count(*) FROM t'), ['explain_key', 'explain_value']);
  });
});
