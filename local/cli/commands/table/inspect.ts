/**
 * `lakehouse table list | describe | snapshots | history | files | refs`: what the catalog and a
 * table's metadata say, read only. Rows are built by the pure functions below (tested directly),
 * then printed by output.ts.
 */
import type { Command } from 'commander';
import {
  ancestorsOf,
  partitionToPath,
  type Snapshot,
  type Table,
  transformToString,
  typeToString,
} from '../../../../layers/iceberg/index.js';
import { allTableNames, loadNamedTable, snapshotOrRef, withCatalog } from './lookup.js';
import {
  formatOption,
  printRows,
  type Row,
  renderRecord,
  renderTable,
  type TableOutputFormat,
  writeOut,
} from './output.js';

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
const count = (snapshot: Snapshot | undefined, key: string): number | undefined => {
  const value = snapshot?.summary[key];
  return value === undefined ? undefined : Number(value);
};

/** The refs pointing at each snapshot id, as `name` (branches) and `name (tag)`. */
function refsBySnapshot(table: Table): Map<bigint, string[]> {
  const out = new Map<bigint, string[]>();
  for (const [name, ref] of Object.entries(table.metadata.refs).sort(([a], [b]) => (a < b ? -1 : 1)))
    out.set(ref.snapshotId, [...(out.get(ref.snapshotId) ?? []), ref.type === 'tag' ? `${name} (tag)` : name]);
  return out;
}

export function tableListRow(table: Table): Row {
  const current = table.currentSnapshot();
  return {
    table: table.name,
    snapshots: table.snapshots().length,
    current_snapshot_id: current?.snapshotId,
    refs: Object.keys(table.metadata.refs).length,
    records: count(current, 'total-records'),
    data_files: count(current, 'total-data-files'),
    last_updated: iso(table.metadata.lastUpdatedMs),
  };
}

export function schemaRows(table: Table): Row[] {
  const schema = table.schema();
  return schema.fields.map((field) => ({
    id: field.id,
    name: field.name,
    type: typeToString(field.type),
    required: field.required,
    doc: field.doc,
  }));
}

export function partitionRows(table: Table): Row[] {
  const schema = table.schema();
  return table.spec().fields.map((field) => ({
    field_id: field.fieldId,
    name: field.name,
    source: schema.findColumnName(field.sourceId) ?? `(dropped column ${field.sourceId})`,
    transform: transformToString(field.transform),
  }));
}

export function describeTable(table: Table): Row {
  const md = table.metadata;
  return {
    table: table.name,
    uuid: md.tableUuid,
    location: md.location,
    metadata_location: table.metadataLocation,
    format_version: md.formatVersion,
    current_snapshot_id: md.currentSnapshotId,
    current_schema_id: md.currentSchemaId,
    schemas: md.schemas.length,
    default_spec_id: md.defaultSpecId,
    partition_specs: md.partitionSpecs.length,
    snapshots: md.snapshots.length,
    last_updated: iso(md.lastUpdatedMs),
  };
}

export function snapshotRows(table: Table): Row[] {
  const refs = refsBySnapshot(table);
  return [...table.snapshots()]
    .sort((a, b) => a.timestampMs - b.timestampMs || a.sequenceNumber - b.sequenceNumber)
    .map((snapshot) => ({
      committed_at: iso(snapshot.timestampMs),
      snapshot_id: snapshot.snapshotId,
      parent_id: snapshot.parentSnapshotId,
      operation: snapshot.summary.operation,
      added_files: count(snapshot, 'added-data-files'),
      removed_files: count(snapshot, 'deleted-data-files'),
      total_records: count(snapshot, 'total-records'),
      refs: (refs.get(snapshot.snapshotId) ?? []).join(', '),
    }));
}

/** main's snapshot log, like Trino's `$history`: when each snapshot became current, and whether it still is an ancestor. */
export function historyRows(table: Table): Row[] {
  const ancestors = new Set(ancestorsOf(table.metadata, table.metadata.currentSnapshotId).map((s) => s.snapshotId));
  return table.metadata.snapshotLog.map((entry) => ({
    made_current_at: iso(entry.timestampMs),
    snapshot_id: entry.snapshotId,
    parent_id: table.snapshot(entry.snapshotId)?.parentSnapshotId,
    is_current_ancestor: ancestors.has(entry.snapshotId),
  }));
}

export function refRows(table: Table): Row[] {
  return Object.entries(table.metadata.refs)
    .sort(([a], [b]) => (a === 'main' ? -1 : b === 'main' ? 1 : a < b ? -1 : 1))
    .map(([name, ref]) => ({
      name,
      type: ref.type,
      snapshot_id: ref.snapshotId,
      committed_at: iso(table.snapshot(ref.snapshotId)?.timestampMs),
      min_snapshots_to_keep: ref.minSnapshotsToKeep,
      max_snapshot_age_ms: ref.maxSnapshotAgeMs,
      max_ref_age_ms: ref.maxRefAgeMs,
    }));
}

export async function fileRows(table: Table, at: Snapshot | undefined): Promise<Row[]> {
  if (at === undefined) return [];
  const tasks = await table.scan({ snapshotId: at.snapshotId }).planFiles();
  const schema = table.schema();
  return tasks
    .map((task) => ({
      path: task.dataFile.filePath,
      partition: partitionToPath(task.spec, task.spec.partitionType(schema), task.dataFile.partition),
      spec_id: task.dataFile.specId,
      records: task.dataFile.recordCount,
      bytes: task.dataFile.fileSizeInBytes,
      delete_files: task.deleteFiles.length,
    }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Data file paths relative to the table location, for people (json keeps them whole). */
function relativePaths(table: Table, rows: readonly Row[]): Row[] {
  const prefix = `${table.location().replace(/\/+$/, '')}/`;
  return rows.map((row) => {
    const path = String(row.path);
    return { ...row, path: path.startsWith(prefix) ? path.slice(prefix.length) : path };
  });
}

type FormatOptions = { format: TableOutputFormat };

export function registerInspectCommands(table: Command): void {
  table
    .command('list')
    .description('every table in the catalog with its snapshot count, current snapshot and size')
    .argument('[namespace]', 'only tables of this namespace')
    .addOption(formatOption())
    .action((namespace: string | undefined, options: FormatOptions) =>
      withCatalog(async (catalog) => {
        const names = (await allTableNames(catalog)).filter(
          (name) => namespace === undefined || name.startsWith(`${namespace}.`),
        );
        const rows = [];
        for (const name of names) rows.push(tableListRow(await catalog.loadTable(name)));
        printRows(rows, options.format);
      }),
    );
  table
    .command('describe')
    .description('a table: identity, location, schema, partition spec, sort order, properties')
    .argument('<table>', 'namespace.table')
    .addOption(formatOption())
    .action((name: string, options: FormatOptions) =>
      withCatalog(async (catalog) => {
        const t = await loadNamedTable(catalog, name);
        const properties = Object.entries(t.properties())
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([key, value]) => ({ key, value }));
        const sortOrder = t.sortOrder().fields.map((field) => ({
          source: t.schema().findColumnName(field.sourceId),
          transform: transformToString(field.transform),
          direction: field.direction,
          null_order: field.nullOrder,
        }));
        if (options.format === 'json') {
          const whole = {
            ...describeTable(t),
            schema: schemaRows(t),
            partition_spec: partitionRows(t),
            sort_order: sortOrder,
            properties: t.properties(),
            refs: refRows(t),
          };
          printRows([whole], 'json');
          return;
        }
        writeOut(renderRecord(describeTable(t)));
        writeOut(`\nschema (id ${t.metadata.currentSchemaId}):\n${renderTable(schemaRows(t))}`);
        writeOut(`\npartition spec (id ${t.metadata.defaultSpecId}):\n${renderTable(partitionRows(t))}`);
        writeOut(`\nsort order:\n${renderTable(sortOrder)}`);
        writeOut(`\nproperties:\n${renderTable(properties)}`);
      }),
    );
  table
    .command('snapshots')
    .description('every snapshot, oldest first, with its operation, file counts and the refs pointing at it')
    .argument('<table>', 'namespace.table')
    .addOption(formatOption())
    .action((name: string, options: FormatOptions) =>
      withCatalog(async (catalog) => printRows(snapshotRows(await loadNamedTable(catalog, name)), options.format)),
    );
  table
    .command('history')
    .description("main's history: when each snapshot became current, and whether it still is an ancestor")
    .argument('<table>', 'namespace.table')
    .addOption(formatOption())
    .action((name: string, options: FormatOptions) =>
      withCatalog(async (catalog) => printRows(historyRows(await loadNamedTable(catalog, name)), options.format)),
    );
  table
    .command('refs')
    .description('branches and tags with the snapshot each points at and its retention')
    .argument('<table>', 'namespace.table')
    .addOption(formatOption())
    .action((name: string, options: FormatOptions) =>
      withCatalog(async (catalog) => printRows(refRows(await loadNamedTable(catalog, name)), options.format)),
    );
  table
    .command('files')
    .description('the data files of the current snapshot, or of a snapshot, branch or tag')
    .argument('<table>', 'namespace.table')
    .option('--at <snapshot-or-ref>', 'a snapshot id, branch or tag (default: current)')
    .addOption(formatOption())
    .action((name: string, options: FormatOptions & { at?: string }) =>
      withCatalog(async (catalog) => {
        const t = await loadNamedTable(catalog, name);
        const at = options.at === undefined ? t.currentSnapshot() : snapshotOrRef(t, options.at);
        const rows = await fileRows(t, at);
        printRows(options.format === 'json' ? rows : relativePaths(t, rows), options.format);
      }),
    );
}
