/** Appends expectation results to ops.quality_results (retried when another writer committed first). */
import type { ExpectationResult } from '../../quality/index.js';
import type { PipelineContext } from '../context.js';
import { dropTemp, stageName, stageRows } from '../duck/stage.js';
import { retryOnConflict } from '../retry.js';
import { opsQualityResults } from '../tables/definitions.js';
import { quoteIdent } from '../tables/TableStore.js';

export type ResultScope = 'commit' | 'table' | 'reconciliation';

export interface RecordedResult extends Omit<ExpectationResult, 'type'> {
  /** The Great Expectations type, or coinbase_candles_match for reconciliation. */
  readonly type: ExpectationResult['type'] | 'coinbase_candles_match';
  readonly scope: ResultScope;
  readonly snapshotId: string | undefined;
}

const STAGE = [
  ['table_name', 'VARCHAR'],
  ['snapshot_id', 'VARCHAR'],
  ['scope', 'VARCHAR'],
  ['suite', 'VARCHAR'],
  ['expectation', 'VARCHAR'],
  ['expectation_type', 'VARCHAR'],
  ['severity', 'VARCHAR'],
  ['passed', 'VARCHAR'],
  ['observed', 'VARCHAR'],
  ['sample', 'VARCHAR'],
] as const;

export async function recordResults(ctx: PipelineContext, results: readonly RecordedResult[]): Promise<void> {
  if (results.length === 0) return;
  await ctx.store.ensure(opsQualityResults);
  const stage = stageName('quality_results');
  await stageRows(
    ctx.conn,
    stage,
    STAGE,
    results.map((r) => [
      r.table,
      r.snapshotId ?? null,
      r.scope,
      r.suite,
      r.expectation,
      r.type,
      r.severity,
      String(r.passed),
      r.observed,
      r.sample,
    ]),
  );
  const evaluatedAt = ctx.nowUs();
  try {
    await retryOnConflict('recording quality results', ctx.commitRetries, async () => {
      const head = await ctx.store.head(opsQualityResults);
      await ctx.store.append(
        ctx.conn,
        opsQualityResults,
        `select make_timestamptz(${evaluatedAt}) as evaluated_at, table_name, snapshot_id, scope, suite, expectation,
                expectation_type, severity, passed::BOOLEAN as passed, observed, sample
         from ${quoteIdent(stage)}`,
        { properties: head.properties, expectedSnapshotId: head.snapshotId },
      );
    });
  } finally {
    await dropTemp(ctx.conn, stage);
  }
}

/** What a quality run reports: counts, and the failures in full. */
export interface QualityRunSummary {
  readonly evaluated: number;
  readonly failed: number;
  readonly blockingFailed: number;
  readonly failures: readonly RecordedResult[];
}

export function summarizeResults(results: readonly RecordedResult[]): QualityRunSummary {
  const failures = results.filter((result) => !result.passed);
  return {
    evaluated: results.length,
    failed: failures.length,
    blockingFailed: failures.filter((result) => result.severity === 'blocking').length,
    failures,
  };
}
