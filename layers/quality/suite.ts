/**
 * Expectation suites as data: one YAML file per table under sql/quality/, in Great Expectations'
 * vocabulary (`expectation_type` + `kwargs`), each expectation marked blocking or warning. Loading
 * checks every expectation's type and arguments and names the file and the expectation on error.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { QualityError } from './errors.js';

export const EXPECTATION_TYPES = [
  'expect_column_values_to_not_be_null',
  'expect_column_values_to_be_unique',
  'expect_compound_columns_to_be_unique',
  'expect_column_values_to_be_between',
  'expect_column_values_to_be_in_set',
  'expect_table_row_count_to_be_between',
  'expect_column_max_to_be_fresh',
  'expect_unexpected_rows_query_to_return_none',
] as const;

export type ExpectationType = (typeof EXPECTATION_TYPES)[number];
export type Severity = 'blocking' | 'warning';

export interface Expectation {
  readonly type: ExpectationType;
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly severity: Severity;
  /** What the expectation means, for results and the dashboard (defaults to the type and its column). */
  readonly description: string;
}

export interface Suite {
  /** The table the suite audits, `namespace.table`. */
  readonly table: string;
  readonly file: string;
  readonly expectations: readonly Expectation[];
}

/** The kwargs each type requires (others are optional); checked when the suite loads. */
const REQUIRED: Record<ExpectationType, readonly string[]> = {
  expect_column_values_to_not_be_null: ['column'],
  expect_column_values_to_be_unique: ['column'],
  expect_compound_columns_to_be_unique: ['column_list'],
  expect_column_values_to_be_between: ['column'],
  expect_column_values_to_be_in_set: ['column', 'value_set'],
  expect_table_row_count_to_be_between: [],
  expect_column_max_to_be_fresh: ['column', 'max_age_seconds'],
  expect_unexpected_rows_query_to_return_none: ['unexpected_rows_query'],
};

function isExpectationType(value: unknown): value is ExpectationType {
  return typeof value === 'string' && (EXPECTATION_TYPES as readonly string[]).includes(value);
}

function parseExpectation(file: string, index: number, raw: unknown): Expectation {
  const where = `${file}: expectation ${index + 1}`;
  if (!raw || typeof raw !== 'object') throw new QualityError(`${where} is not a mapping`);
  const entry = raw as Record<string, unknown>;
  const type = entry.expectation_type;
  if (!isExpectationType(type)) {
    throw new QualityError(
      `${where}: unknown expectation_type ${JSON.stringify(type)}; known: ${EXPECTATION_TYPES.join(', ')}`,
    );
  }
  const kwargs = (entry.kwargs ?? {}) as Record<string, unknown>;
  if (typeof kwargs !== 'object' || Array.isArray(kwargs))
    throw new QualityError(`${where} (${type}): kwargs must be a mapping`);
  for (const name of REQUIRED[type]) {
    if (kwargs[name] === undefined) throw new QualityError(`${where} (${type}): kwargs.${name} is required`);
  }
  if (
    type === 'expect_column_values_to_be_between' &&
    kwargs.min_value === undefined &&
    kwargs.max_value === undefined
  ) {
    throw new QualityError(`${where} (${type}): needs kwargs.min_value or kwargs.max_value`);
  }
  const severity = entry.severity ?? 'blocking';
  if (severity !== 'blocking' && severity !== 'warning') {
    throw new QualityError(`${where} (${type}): severity must be blocking or warning, not ${JSON.stringify(severity)}`);
  }
  const subject = kwargs.column ?? (Array.isArray(kwargs.column_list) ? kwargs.column_list.join(', ') : undefined);
  const description =
    typeof entry.description === 'string' ? entry.description : subject === undefined ? type : `${type}(${subject})`;
  return { type, kwargs, severity, description };
}

export function parseSuite(file: string, text: string): Suite {
  const doc = parseYaml(text) as { table?: unknown; expectations?: unknown } | null;
  if (!doc || typeof doc.table !== 'string' || !/^[a-z_]+\.[a-z0-9_]+$/.test(doc.table)) {
    throw new QualityError(`${file}: table must name the audited table as namespace.table`);
  }
  if (!Array.isArray(doc.expectations) || doc.expectations.length === 0) {
    throw new QualityError(`${file}: expectations must be a non-empty list`);
  }
  return { table: doc.table, file, expectations: doc.expectations.map((raw, i) => parseExpectation(file, i, raw)) };
}

/** Every suite under `dir` (sql/quality), one per table; a second suite for one table is an error. */
export async function loadSuites(dir: string): Promise<Suite[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.yml')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const suites: Suite[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const suite = parseSuite(file, await readFile(file, 'utf8'));
    const twin = suites.find((other) => other.table === suite.table);
    if (twin) throw new QualityError(`${file}: ${suite.table} already has a suite in ${twin.file}`);
    suites.push(suite);
  }
  return suites;
}
