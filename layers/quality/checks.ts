/**
 * Each expectation as a DuckDB query over the audited relations: either the rows it does not
 * accept (it passes when there are none) or one observed value with its verdict. Column names come
 * from the suite file and are quoted; every value from a suite (bounds, value sets, ages) is bound
 * as a parameter, never spliced into the SQL text.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../duckdb/index.js';
import { QualityError } from './errors.js';
import type { Expectation } from './suite.js';

/** The relations an audit reads: `batch` (the new rows, or the whole table), `table` (the table at the audited snapshot) and others by name for custom queries. */
export interface Relations {
  readonly batch: string;
  readonly table: string;
  readonly others: ReadonlyMap<string, string>;
}

export interface BoundQuery {
  readonly sql: string;
  readonly params: readonly (string | null)[];
}

/** The project's one identifier quoting (layers/duckdb/quote.ts), under the name the checks use. */
export const quoteName = quoteIdentifier;

export type Check =
  | { readonly kind: 'rows'; readonly unexpected: BoundQuery }
  | { readonly kind: 'value'; readonly observed: BoundQuery };

const text = (value: unknown): string | null => (value === undefined || value === null ? null : String(value));

function columnArg(expectation: Expectation, name = 'column'): string {
  const value = expectation.kwargs[name];
  if (typeof value !== 'string' || value === '') {
    throw new QualityError(`${expectation.description}: kwargs.${name} must be a column name`);
  }
  return value;
}

function columnListArg(expectation: Expectation): string[] {
  const value = expectation.kwargs.column_list;
  if (!Array.isArray(value) || value.length === 0 || value.some((c) => typeof c !== 'string')) {
    throw new QualityError(`${expectation.description}: kwargs.column_list must be a list of column names`);
  }
  return value as string[];
}

/** The DuckDB type of a column of a relation (bounds and sets are cast to it). */
async function columnType(conn: DuckDBConnection, relation: string, column: string): Promise<string> {
  const reader = await conn.runAndReadAll(`describe select ${quoteName(column)} from ${quoteName(relation)}`);
  const type = reader.getRows()[0]?.[1];
  if (typeof type !== 'string') throw new QualityError(`column ${column} not found in ${relation}`);
  return type;
}

function duplicates(relations: Relations, columns: readonly string[]): BoundQuery {
  const keys = columns.map(quoteName).join(', ');
  const match = columns.map((c) => `d.${quoteName(c)} is not distinct from b.${quoteName(c)}`).join(' and ');
  return {
    sql: `select b.* from ${quoteName(relations.batch)} b where exists (
            select 1 from (select ${keys} from ${quoteName(relations.table)} group by all having count(*) > 1) d
            where ${match})`,
    params: [],
  };
}

/** `{batch}`, `{table}` and `{ns.table}` in a custom query, replaced by the relations' names. */
function renderCustom(expectation: Expectation, relations: Relations): string {
  const query = expectation.kwargs.unexpected_rows_query;
  if (typeof query !== 'string')
    throw new QualityError(`${expectation.description}: unexpected_rows_query must be SQL text`);
  return query.replace(/\{([a-z_]+(?:\.[a-z0-9_]+)?)\}/g, (_match, name: string) => {
    if (name === 'batch') return quoteName(relations.batch);
    if (name === 'table') return quoteName(relations.table);
    const other = relations.others.get(name);
    if (other === undefined) {
      throw new QualityError(
        `${expectation.description}: {${name}} is not a table the audit reads (known: batch, table, ${[...relations.others.keys()].join(', ')})`,
      );
    }
    return quoteName(other);
  });
}

export async function checkFor(conn: DuckDBConnection, expectation: Expectation, relations: Relations): Promise<Check> {
  const batch = quoteName(relations.batch);
  switch (expectation.type) {
    case 'expect_column_values_to_not_be_null':
      return {
        kind: 'rows',
        unexpected: { sql: `select * from ${batch} where ${quoteName(columnArg(expectation))} is null`, params: [] },
      };
    case 'expect_column_values_to_be_unique':
      return { kind: 'rows', unexpected: duplicates(relations, [columnArg(expectation)]) };
    case 'expect_compound_columns_to_be_unique':
      return { kind: 'rows', unexpected: duplicates(relations, columnListArg(expectation)) };
    case 'expect_column_values_to_be_between': {
      const column = columnArg(expectation);
      const type = await columnType(conn, relations.batch, column);
      const ref = quoteName(column);
      const below = expectation.kwargs.strict_min === true ? '<=' : '<';
      const above = expectation.kwargs.strict_max === true ? '>=' : '>';
      return {
        kind: 'rows',
        unexpected: {
          sql: `select * from ${batch} where ($1 is not null and ${ref} ${below} CAST($1 AS ${type}))
                  or ($2 is not null and ${ref} ${above} CAST($2 AS ${type}))`,
          params: [text(expectation.kwargs.min_value), text(expectation.kwargs.max_value)],
        },
      };
    }
    case 'expect_column_values_to_be_in_set': {
      const column = columnArg(expectation);
      const type = await columnType(conn, relations.batch, column);
      const set = expectation.kwargs.value_set;
      if (!Array.isArray(set)) throw new QualityError(`${expectation.description}: kwargs.value_set must be a list`);
      return {
        kind: 'rows',
        unexpected: {
          sql: `select * from ${batch} where ${quoteName(column)} is not null
                  and not list_contains(CAST(CAST($1 AS JSON) AS ${type}[]), ${quoteName(column)})`,
          params: [JSON.stringify(set)],
        },
      };
    }
    case 'expect_table_row_count_to_be_between':
      return {
        kind: 'value',
        observed: {
          sql: `select count(*)::varchar, ($1 is null or count(*) >= CAST($1 AS BIGINT))
                  and ($2 is null or count(*) <= CAST($2 AS BIGINT)) from ${batch}`,
          params: [text(expectation.kwargs.min_value), text(expectation.kwargs.max_value)],
        },
      };
    case 'expect_column_max_to_be_fresh': {
      const column = quoteName(columnArg(expectation));
      return {
        kind: 'value',
        observed: {
          sql: `select max(${column})::varchar,
                  coalesce(max(${column}) >= now() - to_seconds(CAST($1 AS BIGINT)), false)
                from ${quoteName(relations.table)}`,
          params: [text(expectation.kwargs.max_age_seconds)],
        },
      };
    }
    case 'expect_unexpected_rows_query_to_return_none':
      return { kind: 'rows', unexpected: { sql: renderCustom(expectation, relations), params: [] } };
  }
}
