/**
 * Result column names as Trino gives them: a select item keeps its alias, a column reference its
 * column's name and a field access (`r.f`, `(r).f`) the field's name; any other expression is
 * anonymous and named `_col<position>` by its place in the output (`SELECT count(*), 1+1, x AS y` is
 * `_col0, _col1, y`). Anonymous fields stay anonymous through `*` over a subquery, CTE or VALUES.
 * DuckDB instead names an expression by its text (`count_star()`), so the names are worked out from
 * DuckDB's own parse of the statement (json_serialize_sql), never from a second reading of the text.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** A field's name, null when anonymous, undefined when DuckDB's name is right. */
type Field = string | null | undefined;
/** A run of known fields, or 'span': named columns whose count the parse does not tell (a table's `*`). */
type Segment = readonly Field[] | 'span';
type Fields = readonly Segment[];

interface Relation {
  readonly alias?: string;
  readonly fields: Fields;
}

type Json = { readonly [key: string]: unknown };

const SPAN: Fields = ['span'];

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): readonly Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

function json(value: unknown): Json {
  return typeof value === 'object' && value !== null ? (value as Json) : {};
}

/** Column aliases (`t(a, b)`, `WITH c(a, b)`) name the first fields. */
function withAliases(fields: Fields, aliases: readonly string[]): Fields {
  if (aliases.length === 0) return fields;
  const first = fields[0];
  if (fields.length === 1 && first !== undefined && first !== 'span' && first.length >= aliases.length) {
    return [[...aliases, ...first.slice(aliases.length)]];
  }
  return [aliases, 'span'];
}

function aliasList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((alias): alias is string => typeof alias === 'string') : [];
}

function itemField(item: Json): Field {
  const alias = text(item.alias);
  if (alias !== '') return alias;
  if (item.class === 'COLUMN_REF') return aliasList(item.column_names).at(-1) ?? null;
  if (item.type === 'STRUCT_EXTRACT') {
    const key = json(json(list(item.children)[1]).value).value;
    return typeof key === 'string' ? key : null;
  }
  return null;
}

function relations(ref: Json, ctes: ReadonlyMap<string, Fields>): Relation[] {
  const alias = text(ref.alias);
  const named = (fields: Fields, name = alias): Relation[] => [
    {
      ...(name !== '' ? { alias: name.toLowerCase() } : {}),
      fields: withAliases(fields, aliasList(ref.column_name_alias)),
    },
  ];
  switch (ref.type) {
    case 'EMPTY':
      return [];
    case 'BASE_TABLE': {
      const name = text(ref.table_name);
      const cte = text(ref.schema_name) === '' ? ctes.get(name.toLowerCase()) : undefined;
      return named(cte ?? SPAN, alias || name);
    }
    case 'SUBQUERY':
      return named(queryFields(json(json(ref.subquery).node), ctes));
    case 'EXPRESSION_LIST':
      return named([list(list(ref.values)[0]).map(() => null)]);
    case 'JOIN': {
      const sides = [...relations(json(ref.left), ctes), ...relations(json(ref.right), ctes)];
      // USING and NATURAL joins merge columns; their anonymous fields (rare) keep DuckDB's names.
      return list(ref.using_columns).length > 0 || ref.ref_type === 'NATURAL' ? [{ fields: SPAN }] : sides;
    }
    default:
      return named(SPAN);
  }
}

function starFields(item: Json, from: readonly Relation[]): Fields {
  const modified =
    item.columns === true ||
    (item.expr ?? null) !== null ||
    ['exclude_list', 'replace_list', 'rename_list', 'qualified_exclude_list'].some((key) => list(item[key]).length > 0);
  if (modified) return SPAN;
  const relation = text(item.relation_name).toLowerCase();
  return from.filter((r) => relation === '' || r.alias === relation).flatMap((r) => r.fields);
}

function queryFields(node: Json, outer: ReadonlyMap<string, Fields>): Fields {
  const ctes = new Map(outer);
  for (const entry of list(json(node.cte_map).map)) {
    const value = json(entry.value);
    ctes.set(
      text(entry.key).toLowerCase(),
      withAliases(queryFields(json(json(value.query).node), ctes), aliasList(value.aliases)),
    );
  }
  if (node.type === 'SET_OPERATION_NODE' || node.type === 'RECURSIVE_CTE_NODE')
    return queryFields(json(node.left), ctes);
  if (node.type !== 'SELECT_NODE') return SPAN;
  const from = relations(json(node.from_table), ctes);
  return list(node.select_list).flatMap(
    (item): Fields => (item.class === 'STAR' ? starFields(item, from) : [[itemField(item)]]),
  );
}

/** Each output position's field; a 'span' takes what the known runs leave of `count` (positions between two spans stay undefined). */
function place(fields: Fields, count: number): Field[] {
  const spans = fields.filter((segment) => segment === 'span').length;
  const known = fields.reduce((sum, segment) => sum + (segment === 'span' ? 0 : segment.length), 0);
  const placed: Field[] = new Array(count).fill(undefined);
  if (known > count || (spans === 0 && known !== count)) return placed;
  let position = 0;
  for (const segment of fields) {
    if (segment === 'span') {
      if (spans > 1) break;
      position += count - known;
      continue;
    }
    for (const field of segment) placed[position++] = field;
  }
  if (spans > 1) {
    position = count;
    for (const segment of [...fields].reverse()) {
      if (segment === 'span') break;
      for (const field of [...segment].reverse()) placed[--position] = field;
    }
  }
  return placed;
}

/** The fields of the statement DuckDB parsed; undefined when it could not serialize it (DuckDB's names stay). */
function parsedFields(parse: unknown): Fields | undefined {
  const statement = list(json(parse).statements)[0];
  if (json(parse).error === true || statement === undefined) return undefined;
  return queryFields(json(statement.node), new Map());
}

function trinoNames(fields: Fields | undefined, duckdbNames: readonly string[]): string[] {
  if (fields === undefined) return [...duckdbNames];
  const placed = place(fields, duckdbNames.length);
  return duckdbNames.map((name, i) => {
    const field = placed[i];
    return field === null ? `_col${i}` : (field ?? name);
  });
}

/** Fields by statement text: dashboards repeat their queries, and a parse costs a round trip to DuckDB. */
const recentFields = new Map<string, Fields | undefined>();
const RECENT_STATEMENTS = 256;
/** Longer statements (inlined time-travel scans) are parsed each time rather than held. */
const RECENT_MAX_CHARS = 20_000;

/**
 * Parses `sql` on this connection and returns what turns DuckDB's names for its result into Trino's
 * (DuckDB's names stay for statements it cannot serialize, such as EXPLAIN). Call it before running
 * the statement: a result's names are known only once it runs (they may depend on bound parameters),
 * and another statement on the connection would end a pending result.
 */
export async function trinoColumnNamer(
  connection: DuckDBConnection,
  sql: string,
): Promise<(duckdbNames: readonly string[]) => string[]> {
  let fields = recentFields.get(sql);
  if (fields === undefined && !recentFields.has(sql)) {
    const reader = await connection.runAndReadAll('SELECT json_serialize_sql($1::VARCHAR)', [sql]);
    const serialized = reader.getRows()[0]?.[0];
    fields = parsedFields(typeof serialized === 'string' ? JSON.parse(serialized) : undefined);
    if (sql.length <= RECENT_MAX_CHARS) {
      if (recentFields.size >= RECENT_STATEMENTS) recentFields.delete(recentFields.keys().next().value as string);
      recentFields.set(sql, fields);
    }
  }
  const known = fields;
  return (duckdbNames) => trinoNames(known, duckdbNames);
}
