/**
 * Write-audit-publish. A step commits to its table's audit branch, the table's expectation suite runs
 * on what the commit added, and main fast-forwards to it only when every blocking expectation
 * passes. A failed audit leaves main where it was and keeps the branch for inspection as
 * `audit-failed-<main's snapshot>` (one per state of main, so a failure that repeats does not pile
 * up branches; at most the gate's failedAuditsKept, the oldest dropped first). Every result is recorded through the context's gate; the caller gets, for each failed
 * row check, the rows it did not accept (to quarantine), so the step can go on without them.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  blockingFailures,
  checkFor,
  type ExpectationResult,
  evaluateSuite,
  type Relations,
  type Suite,
} from '../../quality/index.js';
import type { PipelineContext } from '../context.js';
import { stageName } from '../duck/stage.js';
import { qualifiedName, type TableDef } from '../tables/definitions.js';
import { type CommitOptions, quoteIdent } from '../tables/TableStore.js';
import { referencedTables } from './auditTables.js';

export const AUDIT_BRANCH = 'audit';
const FAILED_AUDIT_PREFIX = 'audit-failed-';
/** Failed-audit branches a table keeps unless configured (PIPELINE_FAILED_AUDITS_KEPT). */
export const DEFAULT_FAILED_AUDITS_KEPT = 8;

/** Where a failed audit's commit is kept, for `lakehouse table` and queries against the branch. */
export function failedAuditBranch(mainSnapshotId: string | undefined): string {
  return `${FAILED_AUDIT_PREFIX}${mainSnapshotId ?? 'empty'}`;
}

/** Views over the staged commit that the audit reads; each is dropped after it. */
export interface StagedViews {
  /** Registers `view` over the rows the staged snapshot added. */
  readonly batch: (view: string, staged: string) => Promise<void>;
  /** Registers `view` over the branch's table, as far as the checks need (a key range, not all history). */
  readonly table: (view: string) => Promise<void>;
  /** Registers `view` over another table a custom query names (`{ns.table}`), as far as the checks need. */
  readonly other?: (table: string, view: string) => Promise<void>;
}

export interface AuditedCommit {
  readonly def: TableDef;
  readonly options: CommitOptions;
  /** Makes the commit with the options it is given (they name the audit branch). */
  readonly write: (options: CommitOptions) => Promise<string>;
  readonly views: StagedViews;
}

/** A failed row check with the rows it did not accept (all of them, not a sample). */
export interface RejectedRows {
  readonly result: ExpectationResult;
  readonly rows: readonly Record<string, unknown>[];
}

export type AuditOutcome =
  | { readonly published: true; readonly snapshotId: string; readonly results: readonly ExpectationResult[] }
  | {
      readonly published: false;
      readonly stagedSnapshotId: string;
      readonly keptAs: string;
      readonly results: readonly ExpectationResult[];
      readonly rejected: readonly RejectedRows[];
    };

async function unacceptedRows(
  conn: DuckDBConnection,
  suite: Suite,
  failed: readonly ExpectationResult[],
  relations: Relations,
): Promise<RejectedRows[]> {
  const rejected: RejectedRows[] = [];
  for (const result of failed) {
    const expectation = suite.expectations.find((e) => e.description === result.expectation);
    if (!expectation) continue;
    const check = await checkFor(conn, expectation, relations).catch(() => undefined);
    if (check?.kind !== 'rows') continue;
    const reader = await conn.runAndReadAll(check.unexpected.sql, [...check.unexpected.params]);
    rejected.push({ result, rows: reader.getRowObjects() });
  }
  return rejected;
}

export async function writeAuditPublish(ctx: PipelineContext, commit: AuditedCommit): Promise<AuditOutcome> {
  const { def, options } = commit;
  const suite = ctx.gate?.suiteFor(qualifiedName(def));
  if (ctx.gate === undefined || suite === undefined) {
    return { published: true, snapshotId: await commit.write(options), results: [] };
  }
  const staged = await commit.write({ ...options, branch: AUDIT_BRANCH });
  const batch = stageName('audit_batch');
  const table = stageName('audit_table');
  const views = [batch, table];
  try {
    await commit.views.batch(batch, staged);
    await commit.views.table(table);
    const others = new Map<string, string>();
    for (const name of commit.views.other ? referencedTables(suite) : []) {
      const view = stageName('audit_ref');
      views.push(view);
      await commit.views.other?.(name, view);
      others.set(name, view);
    }
    const relations: Relations = { batch, table, others };
    const results = await evaluateSuite(ctx.conn, suite, relations);
    const failed = blockingFailures(results);
    await ctx.gate.record(results.map((result) => ({ ...result, scope: 'commit' as const, snapshotId: staged })));
    if (failed.length === 0) {
      await ctx.store.publish(ctx.conn, def, AUDIT_BRANCH, staged, options.expectedSnapshotId);
      return { published: true, snapshotId: staged, results };
    }
    const rejected = await unacceptedRows(ctx.conn, suite, failed, relations);
    const keptAs = failedAuditBranch(options.expectedSnapshotId);
    await ctx.store.keepBranch(ctx.conn, def, AUDIT_BRANCH, keptAs, {
      prefix: FAILED_AUDIT_PREFIX,
      max: ctx.gate.failedAuditsKept,
    });
    return { published: false, stagedSnapshotId: staged, keptAs, results, rejected };
  } finally {
    for (const view of views) await ctx.conn.run(`drop view if exists ${quoteIdent(view)}`);
  }
}

/** One line for logs and alerts: what blocked publication and where the commit was kept. */
export function describeBlocked(table: string, outcome: Extract<AuditOutcome, { published: false }>): string {
  const failed = blockingFailures(outcome.results).map((r) => `"${r.expectation}" (${r.observed})`);
  return `quality gate kept ${table} from publishing snapshot ${outcome.stagedSnapshotId}: ${failed.join('; ')}; main is unchanged and the commit is kept as branch ${outcome.keptAs}`;
}
