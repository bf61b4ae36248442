/**
 * The gateway's own tables: information_schema (schemata, tables, columns, views) per catalog and
 * the system catalog's runtime.nodes, metadata.catalogs and jdbc.* tables, with the columns Trino
 * gives them. Their rows are built from a CatalogModel at query time.
 */
import type { QueryEngine } from '../../../layers/engine/index.js';
import { trinoType } from '../protocol/trinoTypes.js';
import {
  type CatalogModel,
  INFORMATION_SCHEMA,
  isVirtualTable,
  type ModelTable,
  SYSTEM_CATALOG,
} from './catalogModel.js';
import { describeTable } from './MetadataSource.js';

export type VirtualColumnType = 'varchar' | 'bigint' | 'boolean' | 'timestamptz';
export interface VirtualColumn {
  readonly name: string;
  readonly type: VirtualColumnType;
}
export type VirtualValue = string | number | boolean | null;

const v = (name: string): VirtualColumn => ({ name, type: 'varchar' });
const b = (name: string): VirtualColumn => ({ name, type: 'bigint' });

const DEFINITIONS: Record<string, readonly VirtualColumn[]> = {
  'information_schema.schemata': [v('catalog_name'), v('schema_name')],
  'information_schema.tables': [v('table_catalog'), v('table_schema'), v('table_name'), v('table_type')],
  'information_schema.columns': [
    v('table_catalog'),
    v('table_schema'),
    v('table_name'),
    v('column_name'),
    b('ordinal_position'),
    v('column_default'),
    v('is_nullable'),
    v('data_type'),
  ],
  'information_schema.views': [v('table_catalog'), v('table_schema'), v('table_name'), v('view_definition')],
  'runtime.nodes': [
    v('node_id'),
    v('http_uri'),
    v('node_version'),
    { name: 'coordinator', type: 'boolean' },
    v('state'),
  ],
  'runtime.queries': [
    v('query_id'),
    v('state'),
    v('user'),
    v('source'),
    v('query'),
    b('queued_time_ms'),
    { name: 'created', type: 'timestamptz' },
    v('error_code'),
  ],
  'metadata.catalogs': [v('catalog_name'), v('connector_id'), v('connector_name')],
  'jdbc.catalogs': [v('table_cat')],
  'jdbc.schemas': [v('table_schem'), v('table_catalog')],
  'jdbc.table_types': [v('table_type')],
  'jdbc.types': [
    v('type_name'),
    b('data_type'),
    b('precision'),
    b('nullable'),
    { name: 'case_sensitive', type: 'boolean' },
  ],
  'jdbc.tables': [
    v('table_cat'),
    v('table_schem'),
    v('table_name'),
    v('table_type'),
    v('remarks'),
    v('type_cat'),
    v('type_schem'),
    v('type_name'),
    v('self_referencing_col_name'),
    v('ref_generation'),
  ],
  'jdbc.columns': [
    v('table_cat'),
    v('table_schem'),
    v('table_name'),
    v('column_name'),
    b('data_type'),
    v('type_name'),
    b('column_size'),
    b('buffer_length'),
    b('decimal_digits'),
    b('num_prec_radix'),
    b('nullable'),
    v('remarks'),
    v('column_def'),
    b('sql_data_type'),
    b('sql_datetime_sub'),
    b('char_octet_length'),
    b('ordinal_position'),
    v('is_nullable'),
    v('scope_catalog'),
    v('scope_schema'),
    v('scope_table'),
    b('source_data_type'),
    v('is_autoincrement'),
    v('is_generatedcolumn'),
  ],
};

/** The columns of a virtual table (schema.table), or undefined when there is no such table. */
export function virtualTableColumns(schema: string, table: string): readonly VirtualColumn[] | undefined {
  return DEFINITIONS[`${schema}.${table}`];
}

/** java.sql.Types codes by Trino raw type, as Trino's system.jdbc tables report them. */
const JDBC_TYPES: Record<string, number> = {
  boolean: 16,
  tinyint: -6,
  smallint: 5,
  integer: 4,
  bigint: -5,
  real: 7,
  double: 8,
  decimal: 3,
  varchar: 12,
  char: 1,
  varbinary: -3,
  date: 91,
  time: 92,
  timestamp: 93,
  'time with time zone': 2013,
  'timestamp with time zone': 2014,
  array: 2003,
};

interface ColumnFact {
  readonly table: ModelTable;
  readonly name: string;
  readonly ordinal: number;
  readonly typeName: string;
  readonly rawType: string;
  readonly precision?: number;
  readonly scale?: number;
}

async function columnFacts(
  engine: QueryEngine,
  model: CatalogModel,
  catalog: string | undefined,
  signal?: AbortSignal,
) {
  const tables = model.tables.filter((t) => catalog === undefined || t.catalog === catalog);
  const facts: ColumnFact[] = [];
  for (const table of tables) {
    if (isVirtualTable(table.catalog, table.schema)) {
      for (const [i, column] of (virtualTableColumns(table.schema, table.table) ?? []).entries()) {
        facts.push({ table, name: column.name, ordinal: i + 1, typeName: column.type, rawType: column.type });
      }
      continue;
    }
    const columns = await describeTable(engine, table, signal);
    for (const [i, column] of columns.entries()) {
      const type = trinoType(column.type);
      const args = type.signature.arguments.map((a) => a.value);
      facts.push({
        table,
        name: column.name,
        ordinal: i + 1,
        typeName: type.name,
        rawType: type.signature.rawType,
        ...(type.signature.rawType === 'decimal' ? { precision: args[0] as number, scale: args[1] as number } : {}),
      });
    }
  }
  return facts;
}

/** A query as system.runtime.queries lists it. */
export interface RuntimeQuery {
  readonly queryId: string;
  readonly state: string;
  readonly user?: string;
  readonly source?: string;
  readonly query: string;
  readonly queuedTimeMs: number;
  readonly createdAt: number;
  readonly errorCode?: string;
}

export interface VirtualTableContext {
  readonly engine: QueryEngine;
  readonly queries: () => readonly RuntimeQuery[];
  readonly model: CatalogModel;
  readonly serverUri: string;
  readonly nodeVersion: string;
  readonly signal?: AbortSignal;
}

/** The rows of one virtual table as seen from a catalog (information_schema is per catalog). */
export async function virtualTableRows(
  context: VirtualTableContext,
  catalog: string,
  schema: string,
  table: string,
): Promise<VirtualValue[][]> {
  const { model } = context;
  const inCatalog = catalog === SYSTEM_CATALOG && schema !== INFORMATION_SCHEMA ? undefined : catalog;
  switch (`${schema}.${table}`) {
    case 'information_schema.schemata':
      return model.schemas.filter((s) => s.catalog === catalog).map((s) => [s.catalog, s.schema]);
    case 'information_schema.tables':
      return model.tables.filter((t) => t.catalog === catalog).map((t) => [t.catalog, t.schema, t.table, t.type]);
    case 'information_schema.views':
      return [];
    case 'information_schema.columns':
      return (await columnFacts(context.engine, model, inCatalog, context.signal)).map((c) => [
        c.table.catalog,
        c.table.schema,
        c.table.table,
        c.name,
        c.ordinal,
        null,
        'YES',
        c.typeName,
      ]);
    case 'runtime.nodes':
      return [['lakehouse-gateway', context.serverUri, context.nodeVersion, true, 'active']];
    case 'runtime.queries':
      return context
        .queries()
        .map((q) => [
          q.queryId,
          q.state,
          q.user ?? null,
          q.source ?? null,
          q.query,
          q.queuedTimeMs,
          new Date(q.createdAt).toISOString(),
          q.errorCode ?? null,
        ]);
    case 'metadata.catalogs':
      return model.catalogs.map((c) => [c, c, c === SYSTEM_CATALOG ? 'system' : 'iceberg']);
    case 'jdbc.catalogs':
      return model.catalogs.map((c) => [c]);
    case 'jdbc.schemas':
      return model.schemas.map((s) => [s.schema, s.catalog]);
    case 'jdbc.table_types':
      return [['TABLE'], ['VIEW']];
    case 'jdbc.types':
      return Object.entries(JDBC_TYPES).map(([name, code]) => [name, code, null, 1, name === 'varchar']);
    case 'jdbc.tables':
      return model.tables.map((t) => [t.catalog, t.schema, t.table, 'TABLE', null, null, null, null, null, null]);
    case 'jdbc.columns':
      return (await columnFacts(context.engine, model, undefined, context.signal)).map((c) => [
        c.table.catalog,
        c.table.schema,
        c.table.table,
        c.name,
        JDBC_TYPES[c.rawType] ?? 2000,
        c.typeName,
        c.precision ?? null,
        null,
        c.scale ?? null,
        c.precision === undefined ? null : 10,
        1,
        null,
        null,
        null,
        null,
        null,
        c.ordinal,
        'YES',
        null,
        null,
        null,
        null,
        'NO',
        'NO',
      ]);
    default:
      return [];
  }
}
