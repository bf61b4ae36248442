/**
 * KeyRangeFilter as a DuckDB predicate whose values never become SQL text: the ranges go through the
 * appender into one per-connection temp table, tagged with the relation that reads them, and the
 * predicate joins that table. (Values from data, such as product ids, cannot break or change a
 * statement this way, whatever characters they hold.) Rows of relations that no longer exist are
 * purged on every call, so the table stays as small as the live scans.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { KeyRangeFilter } from './TableStore.js';
import { quoteIdent, quoteLiteral } from './TableStore.js';

const FILTERS = '__lakehouse_scan_filters';

async function prepareFilterTable(conn: DuckDBConnection): Promise<void> {
  await conn.run(
    `create temp table if not exists ${FILTERS} (relation varchar, key varchar, from_us bigint, to_us bigint)`,
  );
  await conn.run(
    `delete from ${FILTERS} where relation not in (
       select view_name from duckdb_views() union all select table_name from duckdb_tables())`,
  );
}

/**
 * Stages `filter` for `relation` (a view or table name the caller is about to create) and returns
 * the predicate over the columns of `qualifier` (an alias or quoted table name in the statement).
 */
export async function filterPredicate(
  conn: DuckDBConnection,
  relation: string,
  filter: KeyRangeFilter,
  qualifier: string,
): Promise<string> {
  await prepareFilterTable(conn);
  await conn.run(`delete from ${FILTERS} where relation = $1`, [relation]);
  const appender = await conn.createAppender(FILTERS, 'main', 'temp');
  try {
    for (const range of filter.ranges) {
      appender.appendVarchar(relation);
      if (range.key === undefined) appender.appendNull();
      else appender.appendVarchar(range.key);
      if (range.fromUs === undefined) appender.appendNull();
      else appender.appendBigInt(range.fromUs);
      if (range.toUs === undefined) appender.appendNull();
      else appender.appendBigInt(range.toUs);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  // The relation name is the caller's own generated name, never data.
  const conditions = [`f.relation = ${quoteLiteral(relation)}`];
  if (filter.keyColumn !== undefined) conditions.push(`f.key = ${qualifier}.${quoteIdent(filter.keyColumn)}`);
  if (filter.rangeColumn !== undefined) {
    const column = `${qualifier}.${quoteIdent(filter.rangeColumn)}`;
    conditions.push(`(f.from_us is null or ${column} >= make_timestamptz(f.from_us))`);
    conditions.push(`(f.to_us is null or ${column} < make_timestamptz(f.to_us))`);
  }
  return `exists (select 1 from ${FILTERS} f where ${conditions.join(' and ')})`;
}
