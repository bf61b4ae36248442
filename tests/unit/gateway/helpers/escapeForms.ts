/**
 * A fast-check generator of sandbox-escape attempts: a forbidden call (a file read, a settings
 * read, SQL run from a string, a second statement that writes or changes a setting) placed among
 * the literal, comment and escape forms on which hand-written tokenizers and DuckDB disagree
 * (E'\'', doubled quotes, $tag$ quoting, '\' backslashes, nested block comments, -- lines).
 * Every noise form is complete by DuckDB's own lexer, so DuckDB would execute the forbidden part
 * if it ran the text: each generated attempt must be refused, and by name.
 */
import fc from 'fast-check';

export interface EscapeForm {
  readonly sql: string;
  /** Text the refusal must name (a function or file), when the refusal comes from DuckDB's parse. */
  readonly names?: string;
}

/** Comments DuckDB skips entirely, wherever whitespace may go. */
const COMMENTS = ["/* ' */", "/* /* */ ' */", '/* $$ */', '/**/', "-- ' \n", '--\n', "/* E'\\' */", '/* -- */'];

/** Complete literals and identifiers DuckDB reads as one token each, usable as a select item. */
const LITERALS = [
  "E'\\''",
  "E'\\\\'",
  "e'a\\'b'",
  "'it''s'",
  "'\\'",
  "'/*'",
  "'--'",
  "$$ ' $$",
  "$q$ */ ' $q$",
  '$$ /* $$',
  "'; SELECT 1; '",
  '"a""b"',
  '"\'"',
  "E'\\' ; '",
];

/** Calls DuckDB would run as a table source. */
const TABLE_CALLS: readonly EscapeForm[] = [
  { sql: "read_parquet('/tmp/warehouse/gold/data/x.parquet')", names: 'read_parquet' },
  { sql: "READ_PARQUET('/tmp/*.parquet')", names: 'read_parquet' },
  { sql: '"read_csv"(\'/etc/passwd\')', names: 'read_csv' },
  { sql: "main.read_text('/etc/hostname')", names: 'read_text' },
  { sql: 'duckdb_settings()', names: 'duckdb_settings' },
  { sql: "json_execute_serialized_sql(json_serialize_sql('SELECT 42'))", names: 'json_' },
  { sql: "query('SELECT 42')", names: 'query' },
  { sql: "glob('/*')", names: 'glob' },
  { sql: "'/etc/passwd'", names: '/etc/passwd' },
  { sql: '"/tmp/warehouse/x.parquet"', names: '/tmp/warehouse/x.parquet' },
  { sql: 'pg_catalog.pg_settings', names: 'pg_settings' },
  { sql: '"pg_settings"', names: 'pg_settings' },
];

/** Calls DuckDB would run as a scalar expression. */
const SCALAR_CALLS: readonly EscapeForm[] = [
  { sql: "current_setting('allowed_directories')", names: 'current_setting' },
  { sql: "CURRENT_SETTING('enable_external_access')", names: 'current_setting' },
  { sql: "getvariable('x')", names: 'getvariable' },
  { sql: "(SELECT count(*) FROM read_parquet('/tmp/x.parquet'))", names: 'read_parquet' },
  { sql: "json_serialize_sql('SELECT 1')", names: 'json_serialize_sql' },
];

/** Statements that would change what every other user sees. */
export const WRITING_STATEMENTS = [
  'CREATE TABLE iceberg.gold.pwned AS SELECT 1 AS x',
  'CREATE TABLE pwned (x INTEGER)',
  'CREATE MACRO pwned() AS 1',
  "SET GLOBAL TimeZone = 'America/New_York'",
  'SET GLOBAL threads = 1',
  'RESET GLOBAL lock_configuration',
  "ATTACH ':memory:' AS pwned",
] as const;

const comment = fc.constantFrom(...COMMENTS);
const gap = fc.array(comment, { maxLength: 2 }).map((parts) => ` ${parts.join(' ')} `);
const literalItems = fc
  .array(fc.constantFrom(...LITERALS), { maxLength: 3 })
  .map((items) => items.map((item, i) => `${item} AS n${i},`).join(' '));
const tableCall = fc.constantFrom(...TABLE_CALLS);
const scalarCall = fc.constantFrom(...SCALAR_CALLS);
const writing = fc.constantFrom(...WRITING_STATEMENTS);

/** A lakehouse table or a gateway metadata table, so both the engine and the metadata database are tried. */
const ordinaryTable = fc.constantFrom('gold.latest_prices', 'information_schema.tables');

const selectScalar = fc
  .tuple(gap, literalItems, gap, scalarCall, gap, ordinaryTable)
  .map(([a, items, b, call, c, table]) => ({
    sql: `SELECT${a}${items}${b}${call.sql}${c}AS v FROM ${table}`,
    names: call.names,
  }));

const selectFromCall = fc
  .tuple(gap, literalItems, gap, tableCall, gap, ordinaryTable)
  .map(([a, items, b, call, c, table]) => ({
    sql: `SELECT${a}${items} 1 AS one FROM${b}${table},${c}${call.sql} AS f`,
    names: call.names,
  }));

const secondStatement = fc
  .tuple(gap, literalItems, gap, writing, ordinaryTable)
  .map(([a, items, b, statement, table]) => ({ sql: `SELECT${a}${items} 1 AS one FROM ${table};${b}${statement}` }));

const bareStatement = fc.tuple(gap, writing).map(([a, statement]) => ({ sql: `${a}${statement}` }));

const readingQuery = fc.oneof(selectScalar, selectFromCall);

/** The same attempts inside EXPLAIN, a CTE, or Trino's EXECUTE IMMEDIATE (quotes doubled). */
const wrapped = fc.oneof(
  readingQuery.map((form) => ({ ...form, sql: `EXPLAIN ${form.sql}` })),
  readingQuery.map((form) => ({ ...form, sql: `WITH w AS (${form.sql}) SELECT * FROM w` })),
  readingQuery.map((form) => ({ ...form, sql: `EXECUTE IMMEDIATE '${form.sql.replaceAll("'", "''")}'` })),
);

export const escapeForms: fc.Arbitrary<EscapeForm> = fc.oneof(
  selectScalar,
  selectFromCall,
  secondStatement,
  bareStatement,
  wrapped,
);
