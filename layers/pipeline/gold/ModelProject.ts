/**
 * The SQL models under sql/ (dbt-like): one `<model>.sql` per model with its config, tests and
 * contract (output columns, partitioning) in `<model>.yml` beside it, `{{ ref('model') }}` and
 * `{{ source('ns', 'table') }}` between them, and macros in sql/macros/*.sql. Refs are resolved into
 * a DAG, run upstream first; a model whose SQL does not return its contract fails the load.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PipelineError } from '../errors.js';
import { parseContract } from '../tables/contract.js';
import { sourceTables, type TableDef } from '../tables/definitions.js';
import { checkContracts } from './checkContracts.js';
import { REF, SOURCE } from './templating.js';

export { renderModel } from './templating.js';

export type ModelGrain = 'minute' | 'hour' | 'day' | 'product';

export type ModelTest =
  | { readonly kind: 'not_null'; readonly columns: readonly string[] }
  | { readonly kind: 'unique'; readonly columns: readonly string[] }
  | { readonly kind: 'expression'; readonly expression: string }
  | { readonly kind: 'accepted_values'; readonly column: string; readonly values: readonly string[] };

export interface Model {
  readonly name: string;
  /** Namespace = the folder under sql/ (gold), table = the model name. */
  readonly namespace: string;
  readonly description: string;
  readonly sql: string;
  readonly grain: ModelGrain;
  /** Column of the model's rows that falls in the rebuilt time range (absent for grain product). */
  readonly timeColumn: string | undefined;
  /** How far before the changed trades the sources must reach (latest_prices: 24 h). */
  readonly lookbackHours: number;
  readonly refs: readonly string[];
  readonly sources: readonly string[];
  /** When set, the sources are read only for these minutes (see SourceMinutes), not the lookback. */
  readonly sourceMinutes?: SourceMinutes;
  readonly tests: readonly ModelTest[];
  /** The model's contract: its table's columns and partitioning (from the yml). */
  readonly table: TableDef;
}

/**
 * A model that reads whole minutes from a ref and its sources only at the edges of its windows
 * (latest_prices: the minutes where its 24 h, 1 h and 1 min windows start and end): per product,
 * the minute of its latest trade in `anchor` (the bucket with the highest last_trade_id) shifted by
 * each offset.
 */
export interface SourceMinutes {
  readonly anchor: string;
  readonly offsets: readonly number[];
}

export interface ModelProject {
  readonly macros: readonly string[];
  /** Models in dependency order (every model after the models it refs). */
  readonly models: readonly Model[];
}

const GRAINS: readonly ModelGrain[] = ['minute', 'hour', 'day', 'product'];

function invalid(file: string, message: string): PipelineError {
  return new PipelineError(`model config ${file}: ${message}`, false);
}

function parseSourceMinutes(file: string, raw: unknown, refs: readonly string[]): SourceMinutes | undefined {
  if (raw === undefined) return undefined;
  const { anchor, offsets } = (raw ?? {}) as { anchor?: unknown; offsets?: unknown };
  if (typeof anchor !== 'string' || !refs.includes(anchor)) {
    throw invalid(file, `source_minutes.anchor must name a model the SQL refs (${refs.join(', ') || 'none'})`);
  }
  if (!Array.isArray(offsets) || offsets.length === 0 || offsets.some((offset) => !Number.isInteger(offset))) {
    throw invalid(file, 'source_minutes.offsets must be a list of whole minutes');
  }
  return { anchor, offsets: offsets as number[] };
}

function parseTests(file: string, raw: unknown): ModelTest[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw invalid(file, 'tests must be a list');
  return raw.map((entry: unknown) => {
    const [kind, value] = Object.entries(entry as Record<string, unknown>)[0] ?? [];
    const strings = (list: unknown) => {
      if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
        throw invalid(file, `${kind} needs a list of column names`);
      }
      return list as string[];
    };
    switch (kind) {
      case 'not_null':
      case 'unique':
        return { kind, columns: strings(value) };
      case 'expression':
        if (typeof value !== 'string') throw invalid(file, 'expression must be SQL text');
        return { kind, expression: value };
      case 'accepted_values': {
        const { column, values } = value as { column?: unknown; values?: unknown };
        if (typeof column !== 'string') throw invalid(file, 'accepted_values needs a column');
        return { kind, column, values: strings(values) };
      }
      default:
        throw invalid(file, `unknown test ${String(kind)}`);
    }
  });
}

async function loadModel(dir: string, namespace: string, name: string): Promise<Model> {
  const sql = await readFile(path.join(dir, `${name}.sql`), 'utf8');
  const configFile = path.join(dir, `${name}.yml`);
  const config = (parseYaml(await readFile(configFile, 'utf8')) ?? {}) as Record<string, unknown>;
  const grain = config.grain as ModelGrain;
  if (!GRAINS.includes(grain)) throw invalid(configFile, `grain must be one of ${GRAINS.join(', ')}`);
  const timeColumn = typeof config.time_column === 'string' ? config.time_column : undefined;
  if (grain !== 'product' && timeColumn === undefined) throw invalid(configFile, `grain ${grain} needs time_column`);
  const refs = [...new Set([...sql.matchAll(REF)].map((match) => match[1] as string))];
  const sourceMinutes = parseSourceMinutes(configFile, config.source_minutes, refs);
  return {
    name,
    namespace,
    description: typeof config.description === 'string' ? config.description : '',
    sql,
    grain,
    timeColumn,
    lookbackHours: typeof config.lookback_hours === 'number' ? config.lookback_hours : 0,
    refs,
    sources: [...new Set([...sql.matchAll(SOURCE)].map((match) => `${match[1]}.${match[2]}`))],
    ...(sourceMinutes ? { sourceMinutes } : {}),
    tests: parseTests(configFile, config.tests),
    table: parseContract(configFile, namespace, name, config),
  };
}

/** Orders models so each comes after its refs; a cycle or an unknown ref is a configuration error. */
export function orderModels(models: readonly Model[]): Model[] {
  const byName = new Map(models.map((model) => [model.name, model]));
  const ordered: Model[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (model: Model, path: string[]) => {
    if (state.get(model.name) === 'done') return;
    if (state.get(model.name) === 'visiting') {
      throw new PipelineError(`model refs form a cycle: ${[...path, model.name].join(' -> ')}`, false);
    }
    state.set(model.name, 'visiting');
    for (const ref of model.refs) {
      const upstream = byName.get(ref);
      if (!upstream) throw new PipelineError(`model ${model.name} refs unknown model ${ref}`, false);
      visit(upstream, [...path, model.name]);
    }
    state.set(model.name, 'done');
    ordered.push(model);
  };
  for (const model of [...models].sort((a, b) => a.name.localeCompare(b.name))) visit(model, []);
  return ordered;
}

/** Loads sql/macros/*.sql and the models of sql/<namespace>/. */
export async function loadModelProject(sqlDir: string, namespace = 'gold'): Promise<ModelProject> {
  const macroDir = path.join(sqlDir, 'macros');
  const macroFiles = (await readdir(macroDir).catch(() => [] as string[])).filter((file) => file.endsWith('.sql'));
  const macros = await Promise.all(macroFiles.sort().map((file) => readFile(path.join(macroDir, file), 'utf8')));
  const modelDir = path.join(sqlDir, namespace);
  const names = (await readdir(modelDir)).filter((file) => file.endsWith('.sql')).map((file) => file.slice(0, -4));
  const models = await Promise.all(names.map((name) => loadModel(modelDir, namespace, name)));
  const project = { macros, models: orderModels(models) };
  await checkContracts(project);
  return project;
}

/** The project's model called `name`. */
export function modelNamed(project: ModelProject, name: string): Model {
  const model = project.models.find((candidate) => candidate.name === name);
  if (!model) throw new PipelineError(`no model ${name} in the project`, false);
  return model;
}

/** Every table the pipeline writes: bronze and silver (defined in code) and the project's models. */
export function projectTables(project: ModelProject): TableDef[] {
  return [...sourceTables, ...project.models.map((model) => model.table)];
}
