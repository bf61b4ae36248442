/** Every expectation type on a small table: passes on clean rows, fails on the bad ones with a count and a sample. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openDuckDB } from '../../../layers/engine/index.js';
import { blockingFailures, evaluateSuite, parseSuite, type Relations } from '../../../layers/quality/index.js';

describe('expectations evaluated by DuckDB', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  const relations: Relations = { batch: 'trades', table: 'trades', others: new Map([['silver.other', 'other']]) };

  before(async () => {
    instance = await openDuckDB();
    conn = await instance.connect();
    await conn.run(`create table other (id integer)`);
    await conn.run(`insert into other values (1)`);
  });
  after(() => {
    conn.closeSync();
    instance.closeSync();
  });

  async function rows(values: string): Promise<void> {
    await conn.run(
      `create or replace table trades (id integer, price decimal(38, 10), side varchar, seen_at timestamptz)`,
    );
    await conn.run(`insert into trades values ${values}`);
  }

  const suite = (expectation: string) =>
    parseSuite(
      'sql/quality/test.yml',
      `table: silver.trades\nexpectations:\n  - ${expectation.trim().replaceAll('\n', '\n    ')}\n`,
    );

  const cases: { name: string; expectation: string; bad: string; unexpected: string }[] = [
    {
      name: 'not null',
      expectation: 'expectation_type: expect_column_values_to_not_be_null\nkwargs: { column: side }',
      bad: '(1, 1.5, null, now())',
      unexpected: '1 unexpected row',
    },
    {
      name: 'unique',
      expectation: 'expectation_type: expect_column_values_to_be_unique\nkwargs: { column: id }',
      bad: "(2, 1.5, 'buy', now())",
      unexpected: '2 unexpected rows',
    },
    {
      name: 'compound unique',
      expectation: 'expectation_type: expect_compound_columns_to_be_unique\nkwargs: { column_list: [id, side] }',
      bad: "(2, 9.5, 'sell', now())",
      unexpected: '2 unexpected rows',
    },
    {
      name: 'between (exact decimals, strict minimum)',
      expectation:
        'expectation_type: expect_column_values_to_be_between\nkwargs: { column: price, min_value: "0.0000000001", max_value: 100, strict_min: true }',
      bad: "(7, 0.0000000001, 'buy', now())",
      unexpected: '1 unexpected row',
    },
    {
      name: 'in set (values bound, quotes and NUL included)',
      expectation: `expectation_type: expect_column_values_to_be_in_set\nkwargs: { column: side, value_set: [buy, sell, "it's", "a\\0b"] }`,
      bad: "(8, 1, 'hold', now())",
      unexpected: '1 unexpected row',
    },
    {
      name: 'custom query over another table',
      expectation:
        'expectation_type: expect_unexpected_rows_query_to_return_none\nkwargs: { unexpected_rows_query: "select * from {batch} where id not in (select id + 1 from {silver.other}) and id > 2" }',
      bad: "(9, 1, 'buy', now())",
      unexpected: '1 unexpected row',
    },
  ];

  for (const { name, expectation, bad, unexpected } of cases) {
    it(`${name}: passes on clean rows, fails on the bad one`, async () => {
      await rows("(1, 1.5, 'buy', now()), (2, 2.25, 'sell', now())");
      const clean = await evaluateSuite(conn, suite(expectation), relations);
      assert.equal(clean[0]?.passed, true, clean[0]?.observed);
      await conn.run(`insert into trades values ${bad}`);
      const [result] = await evaluateSuite(conn, suite(expectation), relations);
      assert.equal(result?.passed, false);
      assert.equal(result?.observed, unexpected);
      assert.ok(JSON.parse(result?.sample ?? '[]').length > 0, 'a sample of the unexpected rows');
      assert.equal(blockingFailures([result as NonNullable<typeof result>]).length, 1);
    });
  }

  it('row count and freshness observe a value and judge it', async () => {
    await rows("(1, 1.5, 'buy', now() - interval 1 hour), (2, 2.25, 'sell', now() - interval 2 hour)");
    const results = await evaluateSuite(
      conn,
      parseSuite(
        'sql/quality/test.yml',
        `table: silver.trades
expectations:
  - expectation_type: expect_table_row_count_to_be_between
    kwargs: { min_value: 1, max_value: 2 }
  - expectation_type: expect_table_row_count_to_be_between
    kwargs: { min_value: 3 }
  - expectation_type: expect_column_max_to_be_fresh
    kwargs: { column: seen_at, max_age_seconds: 7200 }
  - expectation_type: expect_column_max_to_be_fresh
    severity: warning
    kwargs: { column: seen_at, max_age_seconds: 60 }
`,
      ),
      relations,
    );
    assert.deepEqual(
      results.map((r) => [r.passed, r.severity]),
      [
        [true, 'blocking'],
        [false, 'blocking'],
        [true, 'blocking'],
        [false, 'warning'],
      ],
    );
    assert.equal(results[0]?.observed, '2');
    assert.equal(blockingFailures(results).length, 1);
  });

  it('fails an expectation it cannot evaluate, saying why', async () => {
    await rows("(1, 1.5, 'buy', now())");
    const [missing] = await evaluateSuite(
      conn,
      suite('expectation_type: expect_column_values_to_not_be_null\nkwargs: { column: nope }'),
      relations,
    );
    assert.equal(missing?.passed, false);
    assert.match(missing?.observed ?? '', /^not evaluated: .*nope/);
    const [unknownTable] = await evaluateSuite(
      conn,
      suite(
        'expectation_type: expect_unexpected_rows_query_to_return_none\nkwargs: { unexpected_rows_query: "select * from {gold.nothing}" }',
      ),
      relations,
    );
    assert.match(unknownTable?.observed ?? '', /\{gold.nothing\} is not a table the audit reads/);
  });
});
