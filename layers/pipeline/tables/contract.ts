/**
 * A gold model's contract, as dbt model contracts declare it: the `columns` (name, type, doc,
 * required) and `partition_by` of its yml. The model's table is created from it, and the model's SQL
 * must return exactly these columns (ModelProject checks that when it loads the project).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { PipelineError } from '../errors.js';
import type { ColumnDef, ColumnType, PartitionDef, TableDef } from './definitions.js';

const COLUMN_TYPES: readonly ColumnType[] = [
  'varchar',
  'bigint',
  'integer',
  'double',
  'timestamptz',
  'decimal',
  'quote',
];
const TRANSFORMS: readonly PartitionDef['transform'][] = ['identity', 'day', 'month'];

/** A contract that cannot be read: names the file and what is wrong with it (not retriable). */
function invalid(file: string, message: string): PipelineError {
  return new PipelineError(`model contract ${file}: ${message}`, false);
}

function parseColumn(file: string, raw: unknown, index: number): ColumnDef {
  const entry = (raw ?? {}) as Record<string, unknown>;
  const where = typeof entry.name === 'string' ? `column ${entry.name}` : `columns[${index}]`;
  if (typeof entry.name !== 'string' || !/^[a-z_][a-z0-9_]*$/.test(entry.name)) {
    throw invalid(file, `${where} needs a name (lower-case letters, digits and _)`);
  }
  if (!COLUMN_TYPES.includes(entry.type as ColumnType)) {
    throw invalid(file, `${where}: type must be one of ${COLUMN_TYPES.join(', ')}`);
  }
  if (typeof entry.doc !== 'string' || entry.doc.trim() === '') throw invalid(file, `${where} needs a doc`);
  if (entry.required !== undefined && typeof entry.required !== 'boolean') {
    throw invalid(file, `${where}: required must be true or false`);
  }
  return { name: entry.name, type: entry.type as ColumnType, doc: entry.doc, required: entry.required === true };
}

function parsePartition(file: string, raw: unknown, columns: readonly ColumnDef[]): PartitionDef {
  const entry = (raw ?? {}) as Record<string, unknown>;
  if (typeof entry.column !== 'string' || !columns.some((column) => column.name === entry.column)) {
    throw invalid(file, `partition_by names ${String(entry.column)}, which is not a contract column`);
  }
  if (!TRANSFORMS.includes(entry.transform as PartitionDef['transform'])) {
    throw invalid(file, `partition_by ${entry.column}: transform must be one of ${TRANSFORMS.join(', ')}`);
  }
  return { column: entry.column, transform: entry.transform as PartitionDef['transform'] };
}

/** The table definition a model's parsed yml (`config`) declares, for table `namespace.name`. */
export function parseContract(
  file: string,
  namespace: string,
  name: string,
  config: Record<string, unknown>,
): TableDef {
  if (!Array.isArray(config.columns) || config.columns.length === 0) {
    throw invalid(file, 'columns must list the output columns (name, type, doc, required)');
  }
  const columns = config.columns.map((raw: unknown, index) => parseColumn(file, raw, index));
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.name)) throw invalid(file, `column ${column.name} is declared twice`);
    seen.add(column.name);
  }
  const partitions = config.partition_by ?? [];
  if (!Array.isArray(partitions)) throw invalid(file, 'partition_by must be a list');
  return {
    namespace,
    name,
    columns,
    partitionBy: partitions.map((raw: unknown) => parsePartition(file, raw, columns)),
  };
}

/** The directory of the package's own SQL models (sql/ beside package.json, from source or dist/). */
export function packageSqlDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new PipelineError('no package.json above layers/pipeline: cannot find sql/', false);
    dir = parent;
  }
  return path.join(dir, 'sql');
}

/** The contracts of every model in `sql/<namespace>/` (read once, when the table definitions load). */
export function readContractsSync(sqlDir: string, namespace: string): TableDef[] {
  const dir = path.join(sqlDir, namespace);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yml'))
    .sort()
    .map((file) => {
      const configFile = path.join(dir, file);
      const config = (parseYaml(readFileSync(configFile, 'utf8')) ?? {}) as Record<string, unknown>;
      return parseContract(configFile, namespace, file.slice(0, -4), config);
    });
}
