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
import { checkpointLagLimit } from '../maintenance/history.js';
import { AUDIT_BRANCH, describeBlocked, writeAuditPublish } from '../quality/writeAuditPublish.js';
import { retryOnConflict } from '../retry.js';
import { qualifiedName, silverTrades, type TableDef, tableNamed } from '../tables/definitions.js';
import { filterPredicate } from '../tables/scanFilter.js';
import { type KeyRangeFilter, quoteIdent } from '../tables/TableStore.js';
import { type Model, type ModelProject, modelNamed, renderModel, type SourceMinutes } from './ModelProject.js';
import { runModelAssertions } from './modelAssertions.js';
import { type ChangedRange, modelScope } from './scope.js';

export interface ModelRunResult {
  readonly model: string;
  /** The model's table (namespace.name). */
  readonly table: string;
  readonly fromSilverSnapshot: string | undefined;
  readonly toSilverSnapshot: string;
  readonly productsTouched: number;
  readonly rowsWritten: number;
  readonly snapshotId: string;
  /** Exchange time (epoch ms) of the newest silver trade among the changes this run covered. */
  readonly newestEventMs?: number;
}

export interface GoldBuildResult {
  readonly silverSnapshot: string | undefined;
  readonly models: readonly ModelRunResult[];
  /** Models this run left to a concurrent instance that kept committing them (see retryOnConflict). */
  readonly supersededModels?: readonly string[];
  /** Why the quality gate kept a model's commit from main (one line each); models that ref it wait too. */
  readonly blocked?: readonly string[];
}

/** A model the gate kept from publishing: main is unchanged and its checkpoint stays. */
interface BlockedModel {
  readonly model: string;
  readonly blocked: string;
}

const MINUTE_US = 60_000_000n;

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
  project: ModelProject,
  model: Model,
  silverHead: string,
  cache: ChangedCache,
): Promise<ModelRunResult | BlockedModel | undefined> {
  const def = model.table;
  const head = await ctx.store.head(def);
  const from = head.properties[PROP_SILVER_SNAPSHOT];
  if (from === silverHead) return undefined;
  // Another instance may already have built this model from a newer silver snapshot than this run's.
  const lag = from === undefined ? undefined : await ctx.store.commitsSince(silverTrades, from, silverHead);
  if (from !== undefined && lag === undefined) return undefined;
  // A run that changes nothing commits nothing, unless the checkpoint must move on (see history.ts).
  const checkpointDue = lag === undefined || lag >= checkpointLagLimit(ctx.history);

  const views: string[] = [];
  const view = (prefix: string) => {
    const name = stageName(prefix);
    views.push(name);
    return name;
  };
  const output = view(`model_${model.name}`);
  try {
    const changed = await changedSince(ctx, cache, from, silverHead);
    if (changed.length === 0 && !checkpointDue) return undefined;
    const scope = modelScope(model.grain, model.timeColumn, model.lookbackHours, changed);

    const relations = new Map<string, string>();
    // Input views by table: the audit compares the output with what the build read, not with a
    // newer state of the input that another step committed in between.
    const inputs = new Map<string, string>();
    // Every model of a run reads silver as of the snapshot its checkpoint will name.
    const readInput = (input: TableDef, name: string, filter: KeyRangeFilter | undefined) =>
      input === silverTrades
        ? ctx.store.scanAt(ctx.conn, input, name, silverHead, filter)
        : ctx.store.scan(ctx.conn, input, name, filter);
    for (const ref of model.refs) {
      const refDef = modelNamed(project, ref).table;
      const timeColumn = refDef.columns.find((c) => c.name === 'bucket_start' || c.name === 'day')?.name;
      const name = view(`ref_${ref}`);
      await ctx.store.scan(ctx.conn, refDef, name, timeColumn ? scope.input(timeColumn) : undefined);
      relations.set(`ref:${ref}`, name);
      inputs.set(qualifiedName(refDef), name);
    }
    const sourceFilter = model.sourceMinutes
      ? await edgeMinutes(ctx, relations.get(`ref:${model.sourceMinutes.anchor}`) as string, model.sourceMinutes)
      : scope.input('exchange_time');
    for (const source of model.sources) {
      const sourceDef = tableNamed(source);
      const name = view(`source_${sourceDef.name}`);
      await readInput(sourceDef, name, sourceFilter);
      relations.set(`source:${source}`, name);
      inputs.set(qualifiedName(sourceDef), name);
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
    await runModelAssertions(ctx.conn, model, output);
    const count = await ctx.conn.runAndReadAll(`select count(*) from ${quoteIdent(output)}`);
    const columns = def.columns.map((column) => quoteIdent(column.name)).join(', ');
    const current = view(`current_${model.name}`);
    await ctx.store.scan(ctx.conn, def, current, scope.output);
    const same = await sameRows(ctx, columns, output, current);
    if (same && !checkpointDue) return undefined;
    const replaced = same ? { keyColumn: scope.output.keyColumn, ranges: [] } : scope.output;
    const outcome = await writeAuditPublish(ctx, {
      def,
      options: {
        properties: { ...head.properties, [PROP_SILVER_SNAPSHOT]: silverHead },
        expectedSnapshotId: head.snapshotId,
      },
      // Rows identical to the table's: the commit only moves the checkpoint, no file is rewritten.
      write: (options) =>
        ctx.store.replace(
          ctx.conn,
          def,
          replaced,
          `select ${columns} from ${quoteIdent(output)}${same ? ' where false' : ''}`,
          options,
        ),
      views: {
        batch: (audited) => ctx.store.scan(ctx.conn, def, audited, scope.output, AUDIT_BRANCH),
        table: (audited) => ctx.store.scan(ctx.conn, def, audited, scope.output, AUDIT_BRANCH),
        other: async (name, audited) => {
          const read = inputs.get(name);
          if (read !== undefined) {
            await ctx.conn.run(
              `create or replace temp view ${quoteIdent(audited)} as select * from ${quoteIdent(read)}`,
            );
          } else await readInput(tableNamed(name), audited, inputFilter(scope, name));
        },
      },
    });
    if (!outcome.published) return { model: model.name, blocked: describeBlocked(qualifiedName(def), outcome) };
    const { snapshotId } = outcome;
    let newestUs: bigint | undefined;
    for (const range of changed) if (newestUs === undefined || range.maxUs > newestUs) newestUs = range.maxUs;
    return {
      model: model.name,
      table: qualifiedName(def),
      fromSilverSnapshot: from,
      toSilverSnapshot: silverHead,
      productsTouched: changed.length,
      rowsWritten: same ? 0 : Number(count.getRows()[0]?.[0] ?? 0),
      snapshotId,
      ...(newestUs === undefined ? {} : { newestEventMs: Number(newestUs / 1000n) }),
    };
  } finally {
    await ctx.conn.run(`drop table if exists ${quoteIdent(output)}`);
    for (const name of views) if (name !== output) await ctx.conn.run(`drop view if exists ${quoteIdent(name)}`);
  }
}

/** What an audit reads of another table: silver.trades over the model's input, a model over its buckets. */
function inputFilter(scope: ReturnType<typeof modelScope>, table: string): KeyRangeFilter {
  const def = tableNamed(table);
  const timeColumn = def.columns.find((c) => c.name === 'bucket_start' || c.name === 'day')?.name ?? 'exchange_time';
  return scope.input(timeColumn);
}

/** Per product, the minutes `offsets` away from the minute of its latest trade in the anchor's candles. */
async function edgeMinutes(ctx: PipelineContext, anchor: string, minutes: SourceMinutes): Promise<KeyRangeFilter> {
  const reader = await ctx.conn.runAndReadAll(
    `select product_id, epoch_us(arg_max(bucket_start, last_trade_id)) from ${quoteIdent(anchor)} group by 1`,
  );
  return {
    keyColumn: 'product_id',
    rangeColumn: 'exchange_time',
    ranges: reader.getRows().flatMap((row) =>
      minutes.offsets.map((offset) => {
        const fromUs = (row[1] as bigint) + BigInt(offset) * MINUTE_US;
        return { key: row[0] as string, fromUs, toUs: fromUs + MINUTE_US };
      }),
    ),
  };
}

/** Whether the rebuilt rows equal the rows they would replace (as multisets). */
async function sameRows(ctx: PipelineContext, columns: string, built: string, current: string): Promise<boolean> {
  const [a, b] = [quoteIdent(built), quoteIdent(current)];
  const reader = await ctx.conn.runAndReadAll(
    `select count(*) from ((select ${columns} from ${a} except all select ${columns} from ${b})
     union all (select ${columns} from ${b} except all select ${columns} from ${a}))`,
  );
  return Number(reader.getRows()[0]?.[0] ?? 0) === 0;
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

/** Waits for every model of a level (none left running on its connection), then fails with the first error. */
function settledOrFirstError<T>(outcomes: readonly PromiseSettledResult<T>[]): T[] {
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<T>).value);
}

export async function buildGold(ctx: PipelineContext, project: ModelProject): Promise<GoldBuildResult> {
  await ctx.store.ensure(silverTrades);
  for (const model of project.models) await ctx.store.ensure(model.table);
  const silverHead = (await ctx.store.head(silverTrades)).snapshotId;
  if (silverHead === undefined) return { silverSnapshot: undefined, models: [] };
  const results: ModelRunResult[] = [];
  const cache: ChangedCache = new Map();
  const superseded: string[] = [];
  const blockedModels = new Map<string, string>();
  for (const level of dagLevels(project.models)) {
    // Models of one level are independent: each runs on its own connection, in parallel.
    const runs = level.map((model) => async (): Promise<ModelRunResult | BlockedModel | undefined> => {
      const waitsFor = model.refs.find((ref) => blockedModels.has(ref));
      if (waitsFor !== undefined) {
        return { model: model.name, blocked: `gold model ${model.name} waits: its input ${waitsFor} is blocked` };
      }
      const conn = ctx.connection ? await ctx.connection(`gold:${model.name}`) : ctx.conn;
      for (const macro of project.macros) await conn.run(macro);
      const modelCtx = { ...ctx, conn };
      return retryOnConflict(
        `gold model ${model.name}`,
        ctx.commitRetries,
        () => runModel(modelCtx, project, model, silverHead, cache),
        () => {
          superseded.push(model.name);
          return undefined;
        },
      );
    });
    const settled: (ModelRunResult | BlockedModel | undefined)[] = [];
    if (ctx.connection) settled.push(...settledOrFirstError(await Promise.allSettled(runs.map((run) => run()))));
    else for (const run of runs) settled.push(await run());
    for (const result of settled) {
      if (result === undefined) continue;
      if ('blocked' in result) blockedModels.set(result.model, result.blocked);
      else results.push(result);
    }
  }
  return {
    silverSnapshot: silverHead,
    models: results,
    ...(superseded.length > 0 ? { supersededModels: superseded } : {}),
    ...(blockedModels.size > 0 ? { blocked: [...blockedModels.values()] } : {}),
  };
}
