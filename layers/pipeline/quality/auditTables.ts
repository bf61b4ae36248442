/**
 * Runs expectation suites over whole tables (the scheduled run and `lakehouse quality run`): each
 * suite reads its table at the current snapshot, plus every table its custom queries name, and its
 * results are recorded in ops.quality_results.
 */
import { evaluateSuite, type Suite } from '../../quality/index.js';
import type { PipelineContext } from '../context.js';
import { stageName } from '../duck/stage.js';
import { PipelineError } from '../errors.js';
import { pipelineTables, qualifiedName, type TableDef } from '../tables/definitions.js';
import { quoteIdent } from '../tables/TableStore.js';
import { type RecordedResult, recordResults } from './recordResults.js';

function tableDef(name: string): TableDef {
  const def = pipelineTables.find((table) => qualifiedName(table) === name);
  if (!def) {
    throw new PipelineError(
      `quality suite names table ${name}, which is not a pipeline table (${pipelineTables.map(qualifiedName).join(', ')})`,
      false,
    );
  }
  return def;
}

/** The other tables a suite's custom queries read (`{namespace.table}` placeholders). */
export function referencedTables(suite: Suite): string[] {
  const names = new Set<string>();
  for (const expectation of suite.expectations) {
    const query = expectation.kwargs.unexpected_rows_query;
    if (typeof query !== 'string') continue;
    for (const match of query.matchAll(/\{([a-z_]+\.[a-z0-9_]+)\}/g)) names.add(match[1] as string);
  }
  return [...names];
}

export async function auditTables(ctx: PipelineContext, suites: readonly Suite[]): Promise<RecordedResult[]> {
  const results: RecordedResult[] = [];
  for (const suite of suites) {
    const def = tableDef(suite.table);
    await ctx.store.ensure(def);
    const views: string[] = [];
    try {
      const view = stageName('quality_table');
      views.push(view);
      const head = await ctx.store.head(def);
      await ctx.store.scan(ctx.conn, def, view);
      const others = new Map<string, string>();
      for (const name of referencedTables(suite)) {
        const other = stageName('quality_ref');
        views.push(other);
        await ctx.store.ensure(tableDef(name));
        await ctx.store.scan(ctx.conn, tableDef(name), other);
        others.set(name, other);
      }
      const evaluated = await evaluateSuite(ctx.conn, suite, { batch: view, table: view, others });
      results.push(...evaluated.map((result) => ({ ...result, scope: 'table' as const, snapshotId: head.snapshotId })));
    } finally {
      for (const view of views) await ctx.conn.run(`drop view if exists ${quoteIdent(view)}`);
    }
  }
  await recordResults(ctx, results);
  return results;
}
