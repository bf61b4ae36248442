/**
 * Checks each model's SQL against its contract when the project loads: the SQL is described (bound,
 * not run) in a scratch DuckDB over empty inputs shaped like its sources (bronze/silver, defined in
 * code) and refs (their contracts), and must return exactly the contract's columns, with its types.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDuckDB } from '../../engine/index.js';
import { PipelineError } from '../errors.js';
import { columnSqlType, qualifiedName, sourceTables, type TableDef } from '../tables/definitions.js';
import { quoteIdent } from '../tables/TableStore.js';
import type { Model, ModelProject } from './ModelProject.js';
import { renderModel } from './templating.js';

function fail(model: Model, message: string, cause?: unknown): PipelineError {
  return new PipelineError(`model ${model.namespace}.${model.name}: ${message}`, false, { cause });
}

async function createEmpty(conn: DuckDBConnection, relation: string, def: TableDef): Promise<void> {
  const columns = def.columns.map((column) => `${quoteIdent(column.name)} ${columnSqlType(column)}`).join(', ');
  await conn.run(`create or replace temp table ${quoteIdent(relation)} (${columns})`);
}

async function describe(conn: DuckDBConnection, model: Model, query: string): Promise<Map<string, string>> {
  let rows: unknown[][];
  try {
    rows = (await conn.runAndReadAll(`describe ${query}`)).getRows();
  } catch (error) {
    throw fail(
      model,
      `its SQL does not bind against its inputs: ${error instanceof Error ? error.message : error}`,
      error,
    );
  }
  return new Map(rows.map((row) => [String(row[0]), String(row[1])]));
}

/** The model's output columns and their DuckDB types, as its SQL returns them. */
async function describeModel(
  conn: DuckDBConnection,
  model: Model,
  project: ModelProject,
): Promise<Map<string, string>> {
  const relations = new Map<string, string>();
  for (const source of model.sources) {
    const def = sourceTables.find((table) => qualifiedName(table) === source);
    if (!def)
      throw fail(model, `source ${source} is not a pipeline table (${sourceTables.map(qualifiedName).join(', ')})`);
    relations.set(`source:${source}`, `contract_source_${def.namespace}_${def.name}`);
    await createEmpty(conn, `contract_source_${def.namespace}_${def.name}`, def);
  }
  for (const ref of model.refs) {
    const upstream = project.models.find((candidate) => candidate.name === ref);
    if (!upstream) throw fail(model, `refs unknown model ${ref}`);
    relations.set(`ref:${ref}`, `contract_ref_${ref}`);
    await createEmpty(conn, `contract_ref_${ref}`, upstream.table);
  }
  const sql = renderModel(model, (kind, name) => quoteIdent(relations.get(`${kind}:${name}`) as string));
  return describe(conn, model, `select * from (${sql})`);
}

export async function checkContracts(project: ModelProject): Promise<void> {
  const instance = await openDuckDB({ threads: 1 });
  const conn = await instance.connect();
  try {
    for (const macro of project.macros) await conn.run(macro);
    for (const model of project.models) {
      const output = await describeModel(conn, model, project);
      // DuckDB's own spelling of the contract's types (TIMESTAMPTZ reads back as TIMESTAMP WITH TIME ZONE).
      await createEmpty(conn, `contract_model_${model.name}`, model.table);
      const contract = await describe(conn, model, quoteIdent(`contract_model_${model.name}`));
      for (const column of model.table.columns) {
        const actual = output.get(column.name);
        if (actual === undefined)
          throw fail(model, `column ${column.name} is in the contract but its SQL does not return it`);
        const expected = contract.get(column.name);
        if (actual !== expected) {
          throw fail(
            model,
            `column ${column.name}: the contract says ${column.type} (${expected}), its SQL returns ${actual}`,
          );
        }
      }
      const declared = new Set(model.table.columns.map((column) => column.name));
      const extra = [...output.keys()].filter((name) => !declared.has(name));
      if (extra.length > 0)
        throw fail(model, `its SQL returns column ${extra.join(', ')}, which the contract does not declare`);
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
