/**
 * Runs a suite's expectations over the audited relations with DuckDB and gives one result per
 * expectation: passed or not, what was observed (the number of unexpected rows, or the value), and
 * a few unexpected rows as a sample. An expectation that cannot be evaluated (bad custom SQL, a
 * missing column) fails with the error as its observation: a check never passes by accident.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { type Check, checkFor, type Relations } from './checks.js';
import type { Expectation, Severity, Suite } from './suite.js';

export const SAMPLE_ROWS = 5;

export interface ExpectationResult {
  readonly table: string;
  readonly suite: string;
  readonly expectation: string;
  readonly type: Expectation['type'];
  readonly severity: Severity;
  readonly passed: boolean;
  /** The unexpected row count, the observed value, or the error that kept it from being evaluated. */
  readonly observed: string;
  /** Up to SAMPLE_ROWS unexpected rows as a JSON array (empty when it passed or is not row-based). */
  readonly sample: string;
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

async function run(
  conn: DuckDBConnection,
  check: Check,
): Promise<{ passed: boolean; observed: string; sample: string }> {
  if (check.kind === 'value') {
    const reader = await conn.runAndReadAll(check.observed.sql, [...check.observed.params]);
    const [observed, passed] = reader.getRows()[0] ?? [null, false];
    return { passed: passed === true, observed: observed === null ? 'null' : String(observed), sample: '[]' };
  }
  const { sql, params } = check.unexpected;
  const count = await conn.runAndReadAll(`select count(*) from (${sql})`, [...params]);
  const unexpected = Number(count.getRows()[0]?.[0] ?? 0);
  if (unexpected === 0) return { passed: true, observed: '0 unexpected rows', sample: '[]' };
  const sample = await conn.runAndReadAll(`select * from (${sql}) limit ${SAMPLE_ROWS}`, [...params]);
  return {
    passed: false,
    observed: `${unexpected} unexpected row${unexpected === 1 ? '' : 's'}`,
    sample: JSON.stringify(sample.getRowObjectsJson(), jsonValue),
  };
}

export async function evaluateSuite(
  conn: DuckDBConnection,
  suite: Suite,
  relations: Relations,
): Promise<ExpectationResult[]> {
  const results: ExpectationResult[] = [];
  for (const expectation of suite.expectations) {
    let outcome: { passed: boolean; observed: string; sample: string };
    try {
      outcome = await run(conn, await checkFor(conn, expectation, relations));
    } catch (error) {
      outcome = { passed: false, observed: `not evaluated: ${(error as Error).message}`, sample: '[]' };
    }
    results.push({
      table: suite.table,
      suite: suite.file,
      expectation: expectation.description,
      type: expectation.type,
      severity: expectation.severity,
      ...outcome,
    });
  }
  return results;
}

/** The blocking expectations that failed (publication waits for none). */
export function blockingFailures<T extends Pick<ExpectationResult, 'passed' | 'severity'>>(results: readonly T[]): T[] {
  return results.filter((result) => !result.passed && result.severity === 'blocking');
}
