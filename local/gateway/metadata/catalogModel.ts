/**
 * The catalogs, schemas and tables a Trino client can browse: the lakehouse's tables under one
 * catalog (Trino's `iceberg` by default), each catalog's information_schema, and the `system`
 * catalog's runtime, metadata and jdbc tables that Trino tools (DBeaver, Grafana, JDBC) read.
 */
import type { MetadataSource } from './MetadataSource.js';

export const SYSTEM_CATALOG = 'system';
export const INFORMATION_SCHEMA = 'information_schema';

export interface ModelTable {
  readonly catalog: string;
  readonly schema: string;
  readonly table: string;
  readonly type: 'BASE TABLE' | 'VIEW';
}

export interface CatalogModel {
  readonly catalogs: readonly string[];
  readonly schemas: readonly { readonly catalog: string; readonly schema: string }[];
  readonly tables: readonly ModelTable[];
}

const INFORMATION_SCHEMA_TABLES = ['columns', 'schemata', 'tables', 'views'];
const SYSTEM_TABLES: Record<string, readonly string[]> = {
  jdbc: ['catalogs', 'columns', 'schemas', 'table_types', 'tables', 'types'],
  metadata: ['catalogs'],
  runtime: ['nodes', 'queries'],
};

/** A fresh snapshot of every name, read from the source at the time of the query. */
export async function loadCatalogModel(source: MetadataSource, lakehouseCatalog: string): Promise<CatalogModel> {
  const [schemas, tables] = await Promise.all([source.listSchemas(), source.listTables()]);
  const lakehouseSchemas = [...new Set([...schemas, ...tables.map((t) => t.schema)])].sort();
  const model: { schemas: { catalog: string; schema: string }[]; tables: ModelTable[] } = { schemas: [], tables: [] };
  for (const catalog of [lakehouseCatalog, SYSTEM_CATALOG]) {
    const own = catalog === SYSTEM_CATALOG ? Object.keys(SYSTEM_TABLES) : lakehouseSchemas;
    for (const schema of [INFORMATION_SCHEMA, ...own].sort()) model.schemas.push({ catalog, schema });
    for (const table of INFORMATION_SCHEMA_TABLES) {
      model.tables.push({ catalog, schema: INFORMATION_SCHEMA, table, type: 'BASE TABLE' });
    }
  }
  for (const t of tables) model.tables.push({ catalog: lakehouseCatalog, ...t, type: 'BASE TABLE' });
  for (const [schema, names] of Object.entries(SYSTEM_TABLES)) {
    for (const table of names) model.tables.push({ catalog: SYSTEM_CATALOG, schema, table, type: 'BASE TABLE' });
  }
  return { catalogs: [lakehouseCatalog, SYSTEM_CATALOG].sort(), ...model };
}

/** Whether a table is the gateway's own (information_schema or system) rather than a lakehouse table. */
export function isVirtualTable(catalog: string, schema: string): boolean {
  return catalog === SYSTEM_CATALOG || schema === INFORMATION_SCHEMA;
}
