/**
 * The `lakehouse table` commands' access to the lakehouse: the catalog opened from configuration
 * (openCatalog, as every other component opens it), and tables, snapshots, refs and columns looked
 * up by what the user typed, with errors that name it and list what exists instead.
 */
import { loadConfig } from '../../../../layers/config/index.js';
import {
  type Catalog,
  identifierToString,
  type Namespace,
  NoSuchTableError,
  openCatalog,
  parseIdentifier,
  type Schema,
  type Snapshot,
  type SnapshotRef,
  type Table,
  ValidationError,
} from '../../../../layers/iceberg/index.js';
import { pipelineTables, qualifiedName } from '../../../../layers/pipeline/index.js';

/** At most this many existing names are listed in an error (the newest snapshots, for snapshots). */
const LISTED = 12;

function listing(names: readonly string[], what: string): string {
  if (names.length === 0) return `it has no ${what}`;
  const shown = names.slice(-LISTED);
  const more = names.length - shown.length;
  return `${what}: ${shown.join(', ')}${more > 0 ? ` (and ${more} older)` : ''}`;
}

export async function withCatalog<T>(work: (catalog: Catalog) => Promise<T>): Promise<T> {
  const catalog = await openCatalog(loadConfig());
  try {
    return await work(catalog);
  } finally {
    await catalog.close();
  }
}

/** Every table of every namespace (nested ones included), as `namespace.table`. */
export async function allTableNames(catalog: Catalog): Promise<string[]> {
  const names: string[] = [];
  const visit = async (parent?: Namespace) => {
    for (const namespace of await catalog.listNamespaces(parent)) {
      for (const id of await catalog.listTables(namespace)) names.push(identifierToString(id));
      await visit(namespace);
    }
  };
  await visit();
  return names.sort();
}

export async function loadNamedTable(catalog: Catalog, name: string): Promise<Table> {
  let valid = true;
  try {
    parseIdentifier(name);
  } catch {
    valid = false;
  }
  if (valid && (await catalog.tableExists(name))) {
    try {
      return await catalog.loadTable(name);
    } catch (error) {
      if (!(error instanceof NoSuchTableError)) throw error;
    }
  }
  const existing = await allTableNames(catalog);
  throw new ValidationError(
    `no table ${name} in catalog ${catalog.name} (expected namespace.table); ${listing(existing, 'tables')}`,
  );
}

/**
 * The tables a multi-table command acts on: the ones named, or with `all` every pipeline table
 * that exists in the catalog (bronze, silver, gold, ops).
 */
export async function namedTables(catalog: Catalog, names: readonly string[], all: boolean): Promise<Table[]> {
  if (all && names.length > 0) throw new ValidationError('name the tables or give --all, not both');
  if (!all && names.length === 0) throw new ValidationError('name at least one table (namespace.table) or give --all');
  if (!all) return Promise.all(names.map((name) => loadNamedTable(catalog, name)));
  const tables: Table[] = [];
  for (const def of pipelineTables) {
    const name = qualifiedName(def);
    if (await catalog.tableExists(name)) tables.push(await catalog.loadTable(name));
  }
  if (tables.length === 0) throw new ValidationError(`catalog ${catalog.name} has no pipeline table yet`);
  return tables;
}

export function snapshotIdsOf(table: Table): string[] {
  return [...table.snapshots()].sort((a, b) => a.timestampMs - b.timestampMs).map((s) => String(s.snapshotId));
}

/** A snapshot by its id as typed. */
export function snapshotNamed(table: Table, text: string): Snapshot {
  const snapshot = /^-?\d+$/.test(text.trim()) ? table.snapshot(BigInt(text.trim())) : undefined;
  if (snapshot) return snapshot;
  throw new ValidationError(
    `table ${table.name} has no snapshot ${text}; ${listing(snapshotIdsOf(table), 'snapshots')}`,
  );
}

export function refNames(table: Table): string[] {
  return Object.entries(table.metadata.refs)
    .map(([name, ref]) => `${name} (${ref.type})`)
    .sort();
}

/** A branch or tag by name; `type` restricts it to one kind. */
export function refNamed(table: Table, name: string, type?: 'branch' | 'tag'): SnapshotRef {
  const ref = table.ref(name);
  if (ref && (type === undefined || ref.type === type)) return ref;
  const kind = type ?? 'branch or tag';
  const detail = ref ? `${name} is a ${ref.type}` : `no ${kind} ${name}`;
  throw new ValidationError(`table ${table.name} has ${detail}; ${listing(refNames(table), 'refs')}`);
}

/** A snapshot given as an id or as a branch or tag name. */
export function snapshotOrRef(table: Table, text: string): Snapshot {
  if (table.ref(text)) return table.snapshotForRef(text) as Snapshot;
  if (/^-?\d+$/.test(text.trim())) return snapshotNamed(table, text);
  throw new ValidationError(
    `table ${table.name} has no snapshot, branch or tag ${text}; ${listing(refNames(table), 'refs')}; ${listing(snapshotIdsOf(table), 'snapshots')}`,
  );
}

/** Every column name (nested ones dotted), for errors. */
export function columnNames(schema: Schema): string[] {
  return schema
    .allFieldIds()
    .map((id) => schema.findColumnName(id) ?? String(id))
    .filter((name) => !/\.(element|key|value)(\.|$)/.test(name));
}

export function requireColumn(table: Table, name: string): void {
  if (table.schema().findField(name)) return;
  throw new ValidationError(
    `table ${table.name} has no column ${name}; ${listing(columnNames(table.schema()), 'columns')}`,
  );
}

export function requirePartitionField(table: Table, name: string): void {
  const fields = table.spec().fields.map((field) => field.name);
  if (fields.includes(name)) return;
  throw new ValidationError(
    `table ${table.name} has no partition field ${name}; ${fields.length === 0 ? 'it is unpartitioned' : listing(fields, 'partition fields')}`,
  );
}
