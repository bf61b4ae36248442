import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EXPECTATION_TYPES, loadSuites, parseSuite } from '../../../layers/quality/index.js';

describe('expectation suites', () => {
  it('loads one suite per pipeline table from sql/quality, every expectation blocking or warning', async () => {
    const suites = await loadSuites('sql/quality');
    assert.deepEqual(suites.map((suite) => suite.table).sort(), [
      'bronze.coinbase_events',
      'gold.daily_metrics',
      'gold.latest_prices',
      'gold.ohlcv_1h',
      'gold.ohlcv_1m',
      'silver.trades',
    ]);
    for (const suite of suites) {
      for (const expectation of suite.expectations) {
        assert.ok(EXPECTATION_TYPES.includes(expectation.type));
        assert.ok(['blocking', 'warning'].includes(expectation.severity));
      }
    }
  });

  const refused: [string, string, RegExp][] = [
    ['no table', 'expectations: []', /table must name the audited table/],
    ['no expectations', 'table: silver.trades\nexpectations: []', /non-empty list/],
    [
      'an unknown type',
      'table: silver.trades\nexpectations:\n  - expectation_type: expect_magic\n',
      /expectation 1: unknown expectation_type "expect_magic"; known: expect_column_values_to_not_be_null/,
    ],
    [
      'a missing argument',
      'table: silver.trades\nexpectations:\n  - expectation_type: expect_column_values_to_be_in_set\n    kwargs: { column: side }\n',
      /expectation 1 \(expect_column_values_to_be_in_set\): kwargs.value_set is required/,
    ],
    [
      'a between without bounds',
      'table: silver.trades\nexpectations:\n  - expectation_type: expect_column_values_to_be_between\n    kwargs: { column: price }\n',
      /needs kwargs.min_value or kwargs.max_value/,
    ],
    [
      'a bad severity',
      'table: silver.trades\nexpectations:\n  - expectation_type: expect_column_values_to_not_be_null\n    kwargs: { column: price }\n    severity: fatal\n',
      /severity must be blocking or warning, not "fatal"/,
    ],
  ];
  for (const [what, text, message] of refused) {
    it(`refuses a suite with ${what}, naming the file`, () => {
      assert.throws(
        () => parseSuite('sql/quality/bad.yml', text),
        (error: Error) => error.message.startsWith('sql/quality/bad.yml') && message.test(error.message),
      );
    });
  }
});
