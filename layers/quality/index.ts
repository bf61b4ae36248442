/**
 * Data quality: expectation suites (sql/quality/*.yml, Great Expectations' vocabulary) evaluated by
 * DuckDB over a table's new rows or the whole table, and candle reconciliation against Coinbase.
 *
 *   suite.ts       loading and checking suites
 *   checks.ts      each expectation as a query (values bound as parameters)
 *   evaluate.ts    results per expectation, blocking failures
 *   reconcile.ts   gold candles against the exchange's own candles
 */
export { type BoundQuery, type Check, checkFor, quoteName, type Relations } from './checks.js';
export { QualityError } from './errors.js';
export { blockingFailures, type ExpectationResult, evaluateSuite, SAMPLE_ROWS } from './evaluate.js';
export {
  type Candle,
  type CandleDifference,
  canonicalDecimal,
  parseExchangeCandles,
  reconcileCandles,
} from './reconcile.js';
export {
  EXPECTATION_TYPES,
  type Expectation,
  type ExpectationType,
  loadSuites,
  parseSuite,
  type Severity,
  type Suite,
} from './suite.js';
