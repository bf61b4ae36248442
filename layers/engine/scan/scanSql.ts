/**
 * One table version as DuckDB SQL. Data files are read with `read_parquet(..., schema=MAP{id: ...})`
 * so columns resolve by Iceberg field id (renames, added and dropped columns); a column a file
 * lacks takes its identity-partition value or its initial default. Deletes are anti-joins:
 * position deletes on (data file, row position), equality deletes on the equality columns
 * (null matches null), each applied only to the data files the plan pairs it with.
 */
import type { IcebergType, NestedField, StructType } from '../../iceberg/index.js';
import { QuerySyntaxError } from '../errors.js';
import { quoteIdentifier, quoteString } from '../sql/quote.js';
import { duckdbType } from './duckdbType.js';
import { literalFromInternal, literalFromJson } from './literal.js';
import type { ParquetNode } from './parquetColumns.js';
import type { ScanFile, ScanPlan, ScanTaskPlan } from './ScanPlan.js';
import { applicableDeletes } from './sequenceRules.js';
import { fileStructType, rebuildStruct } from './structRebuild.js';

/** Reserved field ids of position delete files (spec: file_path 2147483546, pos 2147483545). */
const POSITION_DELETE_FILE_PATH_ID = 2147483546;
const POSITION_DELETE_POS_ID = 2147483545;

/** Internal column name for a field id: never collides with filename / file_row_number or user names. */
function internalName(id: number): string {
  return `c${id}`;
}

interface SchemaEntry {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly defaultSql: string;
}

function schemaMap(entries: readonly SchemaEntry[]): string {
  // Every default travels as VARCHAR: the MAP needs one value type, and read_parquet casts it back.
  const items = entries.map(
    (entry) =>
      `${entry.id}: {name: ${quoteString(entry.name)}, type: ${quoteString(entry.type)}, default_value: CAST(${entry.defaultSql} AS VARCHAR)}`,
  );
  return `MAP{${items.join(', ')}}`;
}

function readParquet(paths: readonly string[], entries: readonly SchemaEntry[], withFileColumns: boolean): string {
  const list = `[${paths.map(quoteString).join(', ')}]`;
  const fileColumns = withFileColumns ? ', filename=true, file_row_number=true' : '';
  return `read_parquet(${list}, hive_partitioning=false${fileColumns}, schema=${schemaMap(entries)})`;
}

function columnDefault(field: NestedField, identityValues: ReadonlyMap<number, unknown>): string {
  if (identityValues.has(field.id)) return literalFromInternal(field.type, identityValues.get(field.id));
  return literalFromJson(field.type, field.initialDefault);
}

interface DataGroup {
  readonly defaults: string[];
  readonly byName: ReadonlyMap<number, string> | undefined;
  readonly structNodes: ReadonlyMap<number, ParquetNode> | undefined;
  readonly paths: string[];
}

/** Data files grouped so each group shares the defaults of the columns its files may lack (and its name mapping). */
function groupDataFiles(plan: ScanPlan): Map<string, DataGroup> {
  const groups = new Map<string, DataGroup>();
  for (const task of plan.tasks) {
    const defaults = plan.columns.map((field) => columnDefault(field, task.dataFile.identityValues));
    const byName = task.dataFile.columnsByName;
    const structNodes = task.dataFile.structNodes;
    const key = [
      defaults.join('\u0000'),
      byName === undefined ? '' : JSON.stringify([...byName]),
      structNodes === undefined ? '' : JSON.stringify([...structNodes]),
    ].join('\u0001');
    const group = groups.get(key) ?? { defaults, byName, structNodes, paths: [] };
    group.paths.push(task.dataFile.localPath);
    groups.set(key, group);
  }
  return groups;
}

function emptySelect(columns: readonly NestedField[]): string {
  const list = columns.map((field) => `CAST(NULL AS ${duckdbType(field.type)}) AS ${quoteIdentifier(field.name)}`);
  return `SELECT ${list.join(', ')} WHERE false`;
}

/** Files without field ids: columns by their mapped names, missing ones as their defaults. */
function readByName(
  plan: ScanPlan,
  group: DataGroup,
  byName: ReadonlyMap<number, string>,
  withFileColumns: boolean,
): string {
  const list = `[${group.paths.map(quoteString).join(', ')}]`;
  const fileColumns = withFileColumns ? ', filename=true, file_row_number=true' : '';
  const columns = plan.columns.map((field, index) => {
    const name = byName.get(field.id);
    const source = name === undefined ? (group.defaults[index] ?? 'NULL') : `f.${quoteIdentifier(name)}`;
    return `CAST(${source} AS ${duckdbType(field.type)}) AS ${internalName(field.id)}`;
  });
  if (withFileColumns) columns.push('f.filename', 'f.file_row_number');
  return `SELECT ${columns.join(', ')} FROM read_parquet(${list}, hive_partitioning=false${fileColumns}) f`;
}

function dataSelect(plan: ScanPlan, withFileColumns: boolean): string {
  // Columns are listed explicitly: UNION ALL matches by position.
  const parts = [...groupDataFiles(plan).values()].map((group) => {
    if (group.byName !== undefined) return readByName(plan, group, group.byName, withFileColumns);
    const entries = plan.columns.map((field, index) => {
      const node = group.structNodes?.get(field.id);
      return {
        id: field.id,
        name: internalName(field.id),
        type: node !== undefined && isStruct(field.type) ? fileStructType(field.type, node) : duckdbType(field.type),
        defaultSql: group.defaults[index] ?? 'NULL',
      };
    });
    const select = plan.columns.map((field) => {
      const node = group.structNodes?.get(field.id);
      const name = internalName(field.id);
      return node !== undefined && isStruct(field.type) ? `${rebuildStruct(field.type, node, name)} AS ${name}` : name;
    });
    if (withFileColumns) select.push('filename', 'file_row_number');
    return `SELECT ${select.join(', ')} FROM ${readParquet(group.paths, entries, withFileColumns)}`;
  });
  return parts.join(' UNION ALL ');
}

function isStruct(type: IcebergType): type is StructType {
  return typeof type !== 'string' && type.type === 'struct';
}

function projection(columns: readonly NestedField[], alias: string): string {
  return columns.map((field) => `${alias}.${internalName(field.id)} AS ${quoteIdentifier(field.name)}`).join(', ');
}

interface DeletePair {
  readonly data: ScanFile;
  readonly delete: ScanFile;
}

function pairsValues(pairs: readonly DeletePair[]): string {
  const rows = pairs.map(
    (pair) =>
      `(${quoteString(pair.data.localPath)}, ${quoteString(pair.data.path)}, ${quoteString(pair.delete.localPath)})`,
  );
  return `__pairs(data_file, data_path, delete_file) AS (VALUES ${rows.join(', ')})`;
}

function positionDeletesSelect(files: readonly string[]): string {
  const entries: SchemaEntry[] = [
    { id: POSITION_DELETE_FILE_PATH_ID, name: 'file_path', type: 'VARCHAR', defaultSql: 'NULL' },
    { id: POSITION_DELETE_POS_ID, name: 'pos', type: 'BIGINT', defaultSql: 'NULL' },
  ];
  const list = `[${files.map(quoteString).join(', ')}]`;
  return (
    `SELECT pr.data_file, p.pos FROM read_parquet(${list}, hive_partitioning=false, filename=true, ` +
    `schema=${schemaMap(entries)}) p JOIN __pairs pr ON pr.delete_file = p.filename AND pr.data_path = p.file_path`
  );
}

function equalityFields(plan: ScanPlan, ids: readonly number[]): NestedField[] {
  return ids.map((id) => {
    const field = plan.fieldById(id);
    const topLevel = plan.columns.some((column) => column.id === id);
    if (field === undefined || !topLevel) {
      throw new QuerySyntaxError(
        `equality delete on field id ${id}: only top-level columns of the read schema are supported`,
      );
    }
    return field;
  });
}

function equalityDeletesCte(name: string, files: readonly string[], fields: readonly NestedField[]): string {
  const entries = fields.map((field) => ({
    id: field.id,
    name: internalName(field.id),
    type: duckdbType(field.type),
    defaultSql: 'NULL',
  }));
  const list = `[${files.map(quoteString).join(', ')}]`;
  const columns = fields.map((field) => `e.${internalName(field.id)}`).join(', ');
  return (
    `${name} AS (SELECT pr.data_file, ${columns} FROM read_parquet(${list}, hive_partitioning=false, filename=true, ` +
    `schema=${schemaMap(entries)}) e JOIN __pairs pr ON pr.delete_file = e.filename)`
  );
}

/** The SELECT (no trailing semicolon) producing the plan's rows with the schema's column names. */
export function scanSql(plan: ScanPlan): string {
  if (plan.columns.length === 0) throw new QuerySyntaxError('cannot read a table with no columns');
  if (plan.tasks.length === 0) return emptySelect(plan.columns);
  const pairs = plan.tasks.flatMap((task: ScanTaskPlan) =>
    applicableDeletes(task.dataFile, task.deleteFiles).map((file) => ({ data: task.dataFile, delete: file })),
  );
  if (pairs.length === 0) return `SELECT ${projection(plan.columns, 'd')} FROM (${dataSelect(plan, false)}) d`;

  const ctes = [`__data AS (${dataSelect(plan, true)})`, pairsValues(pairs)];
  const conditions: string[] = [];
  const positionPairs = pairs.filter((p) => p.delete.content === 'position-deletes');
  const positionFiles = unique(
    positionPairs.filter((p) => p.delete.deletedPositions === undefined).map((p) => p.delete.localPath),
  );
  const vectorRows = positionPairs.flatMap((p) =>
    (p.delete.deletedPositions ?? []).map((pos) => `(${quoteString(p.data.localPath)}, CAST(${pos} AS BIGINT))`),
  );
  if (positionFiles.length > 0 || vectorRows.length > 0) {
    const sources = [
      ...(positionFiles.length > 0 ? [positionDeletesSelect(positionFiles)] : []),
      ...(vectorRows.length > 0 ? [`SELECT * FROM (VALUES ${vectorRows.join(', ')}) AS __dv(data_file, pos)`] : []),
    ];
    ctes.push(`__pos AS (${sources.join(' UNION ALL ')})`);
    conditions.push('NOT EXISTS (SELECT 1 FROM __pos p WHERE p.data_file = d.filename AND p.pos = d.file_row_number)');
  }
  const byEqualityIds = new Map<string, { ids: readonly number[]; files: string[] }>();
  for (const pair of pairs) {
    if (pair.delete.content !== 'equality-deletes') continue;
    const ids = pair.delete.equalityIds ?? [];
    if (ids.length === 0)
      throw new QuerySyntaxError(`equality delete file ${pair.delete.path} has no equality field ids`);
    const key = ids.join(',');
    const group = byEqualityIds.get(key) ?? { ids, files: [] };
    if (!group.files.includes(pair.delete.localPath)) group.files.push(pair.delete.localPath);
    byEqualityIds.set(key, group);
  }
  let index = 0;
  for (const { ids, files } of byEqualityIds.values()) {
    const name = `__eq${index++}`;
    const fields = equalityFields(plan, ids);
    ctes.push(equalityDeletesCte(name, files, fields));
    const matches = fields.map((f) => `e.${internalName(f.id)} IS NOT DISTINCT FROM d.${internalName(f.id)}`);
    conditions.push(`NOT EXISTS (SELECT 1 FROM ${name} e WHERE e.data_file = d.filename AND ${matches.join(' AND ')})`);
  }
  return `WITH ${ctes.join(', ')} SELECT ${projection(plan.columns, 'd')} FROM __data d WHERE ${conditions.join(' AND ')}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
