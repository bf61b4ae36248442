/**
 * goldBuilder's library side: runs the gold models in DAG order, each incrementally. A model's
 * snapshot summary records the silver.trades snapshot it has consumed; the trades appended since
 * then say which buckets to rebuild, and the model's rows for those buckets are replaced in one
 * commit (delete by filter + append). Rebuilding a bucket from all of its trades makes reruns
 * idempotent and lets a late trade correct its candle.
 */
import { type PipelineContext, PROP_SILVER_SNAPSHOT } from '../context.js';
import { stageName } from '../duck/stage.js';
import { PipelineError } from '../errors.js';
import { retryOnConflict } from '../retry.js';
import { pipelineTables, qualifiedName, silverTrades, type TableDef } from '../tables/definitions.js';
import { filterPredicate } from '../tables/scanFilter.js';
import { quoteIdent } from '../tables/TableStore.js';
import type { Model, ModelProject } from './ModelProject.js';
import { renderModel } from './ModelProject.js';
import { runModelTests } from './modelTests.js';
import { type ChangedRange, modelScope } from './scope.js';

export interface ModelRunResult {
  readonly model: string;
  readonly fromSilverSnapshot: string | undefined;
  readonly toSilverSnapshot: string;
  readonly productsTouched: number;
  readonly rowsWritten: number;
  readonly snapshotId: string;
}

export interface GoldBuildResult {
  readonly silverSnapshot: string | undefined;
  readonly models: readonly ModelRunResult[];
  /** Models this run left to a concurrent instance that kept committing them (see retryOnConflict). */
  readonly supersededModels?: readonly string[];
}

function tableFor(name: string): TableDef {
  const def = pipelineTables.find((table) => qualifiedName(table) === name);
  if (!def) throw new PipelineError(`no table definition for ${name}`, false);
  return def;
}

async function changedRanges(ctx: PipelineContext, view: string): Promise<ChangedRange[]> {
  const reader = await ctx.conn.runAndReadAll(
    `select product_id, min(epoch_us(exchange_time)), max(epoch_us(exchange_time)) from ${quoteIdent(view)} group by 1 order by 1`,
  );
  return reader.getRows().map((row) => ({
    productId: row[0] as string,
    minUs: row[1] as bigint,
    maxUs: row[2] as bigint,
  }));
}

/** Changed ranges per silver range `from..to`: models at the same watermark (the usual case) share one read. */
type ChangedCache = Map<string, Promise<ChangedRange[]>>;

function changedSince(
  ctx: PipelineContext,
  cache: ChangedCache,
  from: string | undefined,
  to: string,
): Promise<ChangedRange[]> {
  const key = `${from ?? ''}..${to}`;
  let ranges = cache.get(key);
  if (!ranges) {
    const view = stageName('silver_changed');
    ranges = ctx.store
      .scanAppended(ctx.conn, silverTrades, view, from, to)
      .then(() => changedRanges(ctx, view))
      .finally(() => ctx.conn.run(`drop view if exists ${quoteIdent(view)}`));
    cache.set(key, ranges);
    ranges.catch(() => cache.delete(key));
  }
  return ranges;
}

async function runModel(
  ctx: PipelineContext,
  model: Model,
  silverHead: string,
  cache: ChangedCache,
): Promise<ModelRunResult | undefined> {
  const def = tableFor(`${model.namespace}.${model.name}`);
  const head = await ctx.store.head(def);
  const from = head.properties[PROP_SILVER_SNAPSHOT];
  if (from === silverHead) return undefined;
  // Another instance may already have built this model from a newer silver snapshot than this run's.
  if (from !== undefined && !(await ctx.store.isAncestor(silverTrades, from, silverHead))) return undefined;

  const views: string[] = [];
  const view = (prefix: string) => {
    const name = stageName(prefix);
    views.push(name);
    return name;
  };
  const output = view(`model_${model.name}`);
  try {
    const changed = await changedSince(ctx, cache, from, silverHead);
    const scope = modelScope(model.grain, model.timeColumn, model.lookbackHours, changed);

    const relations = new Map<string, string>();
    for (const source of model.sources) {
      const sourceDef = tableFor(source);
      const name = view(`source_${sourceDef.name}`);
      await ctx.store.scan(ctx.conn, sourceDef, name, scope.input('exchange_time'));
      relations.set(`source:${source}`, name);
    }
    for (const ref of model.refs) {
      const refDef = tableFor(`${model.namespace}.${ref}`);
      const timeColumn = refDef.columns.find((c) => c.name === 'bucket_start' || c.name === 'day')?.name;
      const name = view(`ref_${ref}`);
      await ctx.store.scan(ctx.conn, refDef, name, timeColumn ? scope.input(timeColumn) : undefined);
      relations.set(`ref:${ref}`, name);
    }
    const sql = renderModel(model, (kind, name) => {
      const relation = relations.get(`${kind}:${name}`);
      if (relation === undefined) throw new PipelineError(`model ${model.name}: ${kind} ${name} not registered`, false);
      return quoteIdent(relation);
    });
    const inScope = await filterPredicate(ctx.conn, output, scope.output, 't');
    await ctx.conn.run(
      `create or replace temp table ${quoteIdent(output)} as select * from (${sql}) t where ${inScope}`,
    );
    await runModelTests(ctx.conn, model, output);
    const count = await ctx.conn.runAndReadAll(`select count(*) from ${quoteIdent(output)}`);
    const columns = def.columns.map((column) => quoteIdent(column.name)).join(', ');
    const snapshotId = await ctx.store.replace(
      ctx.conn,
      def,
      scope.output,
      `select ${columns} from ${quoteIdent(output)}`,
      {
        properties: { ...head.properties, [PROP_SILVER_SNAPSHOT]: silverHead },
        expectedSnapshotId: head.snapshotId,
      },
    );
    return {
      model: model.name,
      fromSilverSnapshot: from,
      toSilverSnapshot: silverHead,
      productsTouched: changed.length,
      rowsWritten: Number(count.getRows()[0]?.[0] ?? 0),
      snapshotId,
    };
  } finally {
    await ctx.conn.run(`drop table if exists ${quoteIdent(output)}`);
    for (const name of views) if (name !== output) await ctx.conn.run(`drop view if exists ${quoteIdent(name)}`);
  }
}

/** Models grouped so each group only refs models of earlier groups (groups run one after another). */
function dagLevels(models: readonly Model[]): Model[][] {
  const level = new Map<string, number>();
  const levels: Model[][] = [];
  for (const model of models) {
    const depth = Math.max(-1, ...model.refs.map((ref) => level.get(ref) ?? -1)) + 1;
    level.set(model.name, depth);
    const group = levels[depth] ?? [];
    group.push(model);
    levels[depth] = group;
  }
  return levels;
}

export async function buildGold(ctx: PipelineContext, project: ModelProject): Promise<GoldBuildResult> {
  await ctx.store.ensure(silverTrades);
  for (const model of project.models) await ctx.store.ensure(tableFor(`${model.namespace}.${model.name}`));
  const silverHead = (await ctx.store.head(silverTrades)).snapshotId;
  if (silverHead === undefined) return { silverSnapshot: undefined, models: [] };
  const results: ModelRunResult[] = [];
  const cache: ChangedCache = new Map();
  const superseded: string[] = [];
  for (const level of dagLevels(project.models)) {
    // Models of one level are independent: each runs on its own connection, in parallel.
    const runs = level.map((model) => async () => {
      const conn = ctx.connection ? await ctx.connection(`gold:${model.name}`) : ctx.conn;
      for (const macro of project.macros) await conn.run(macro);
      const modelCtx = { ...ctx, conn };
      return retryOnConflict(
        `gold model ${model.name}`,
        ctx.commitRetries,
        () => runModel(modelCtx, model, silverHead, cache),
        () => {
          superseded.push(model.name);
          return undefined;
        },
      );
    });
    const settled: (ModelRunResult | undefined)[] = [];
    if (ctx.connection) settled.push(...(await Promise.all(runs.map((run) => run()))));
    else for (const run of runs) settled.push(await run());
    for (const result of settled) if (result) results.push(result);
  }
  return {
    silverSnapshot: silverHead,
    models: results,
    ...(superseded.length > 0 ? { supersededModels: superseded } : {}),
  };
}
