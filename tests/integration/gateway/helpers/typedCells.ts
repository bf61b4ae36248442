/**
 * Queries of one cell for each Trino type, with the type Trino 476 gives the cell and the exact JSON
 * it sends for it: the integration test reads them raw from the gateway, the interop test through the
 * real Trino CLI and JDBC driver.
 */
export interface TypedCell {
  readonly sql: string;
  /** The column's type name as Trino 476 reports it. */
  readonly type: string;
  /** The cell's exact JSON on the wire. */
  readonly json: string;
  /**
   * What Trino CLI 476 (CSV) and JDBC 476 (getString) print, where it is not the JSON string's value
   * or the JSON number's text.
   */
  readonly printed?: { readonly cli: string; readonly jdbc: string | null };
}

export const TYPED_CELLS: readonly TypedCell[] = [
  { sql: 'SELECT CAST(0 AS double)', type: 'double', json: '0.0' },
  { sql: 'SELECT CAST(-3 AS double)', type: 'double', json: '-3.0' },
  { sql: 'SELECT 1e10', type: 'double', json: '1.0E10' },
  { sql: 'SELECT CAST(0.001 AS double) / 10', type: 'double', json: '1.0E-4' },
  { sql: "SELECT CAST('NaN' AS double)", type: 'double', json: '"NaN"' },
  { sql: "SELECT CAST('-Infinity' AS double)", type: 'double', json: '"-Infinity"' },
  { sql: "SELECT to_unixtime(TIMESTAMP '2024-03-01 00:00:00') * 1000", type: 'double', json: '1.7092512E12' },
  { sql: 'SELECT CAST(2 AS real)', type: 'real', json: '2.0' },
  { sql: 'SELECT CAST(0.1 AS real)', type: 'real', json: '0.1' },
  { sql: 'SELECT CAST(12.5 AS decimal(10,2))', type: 'decimal(10,2)', json: '"12.50"' },
  { sql: 'SELECT CAST(-0.5 AS decimal(38,10))', type: 'decimal(38,10)', json: '"-0.5000000000"' },
  { sql: 'SELECT CAST(9007199254740993 AS bigint)', type: 'bigint', json: '9007199254740993' },
  { sql: 'SELECT CAST(-7 AS integer)', type: 'integer', json: '-7' },
  { sql: 'SELECT CAST(300 AS smallint)', type: 'smallint', json: '300' },
  { sql: 'SELECT CAST(-2 AS tinyint)', type: 'tinyint', json: '-2' },
  { sql: 'SELECT true', type: 'boolean', json: 'true' },
  { sql: `SELECT 'a"b\u00e9'`, type: 'varchar', json: '"a\\"b\u00e9"' },
  { sql: "SELECT from_hex('00ab')", type: 'varbinary', json: '"AKs="', printed: { cli: '00 ab', jdbc: '0x00AB' } },
  { sql: "SELECT DATE '2024-02-29'", type: 'date', json: '"2024-02-29"' },
  { sql: "SELECT TIME '01:02:03.000004'", type: 'time(6)', json: '"01:02:03.000004"' },
  { sql: "SELECT TIMESTAMP '2024-03-01 12:00:00'", type: 'timestamp(6)', json: '"2024-03-01 12:00:00.000000"' },
  {
    sql: "SELECT CAST('2024-03-01 12:00:00.5+00' AS timestamp with time zone)",
    type: 'timestamp(6) with time zone',
    json: '"2024-03-01 12:00:00.500000 UTC"',
  },
  {
    sql: "SELECT TIMESTAMP '2024-03-02 00:00:00' - TIMESTAMP '2024-03-01 00:00:00.5'",
    type: 'interval day to second',
    json: '"0 23:59:59.500"',
  },
  {
    sql: "SELECT CAST('6ba7b810-9dad-11d1-80b4-00c04fd430c8' AS uuid)",
    type: 'uuid',
    json: '"6ba7b810-9dad-11d1-80b4-00c04fd430c8"',
  },
  { sql: `SELECT json_parse('{"a":[1,2.0]}')`, type: 'json', json: '"{\\"a\\":[1,2.0]}"' },
  {
    sql: 'SELECT ARRAY[CAST(1 AS double), NULL, 2.5]',
    type: 'array(double)',
    json: '[1.0,null,2.5]',
    printed: { cli: '[1.0, NULL, 2.5]', jdbc: '[1.0, null, 2.5]' },
  },
  {
    sql: "SELECT MAP(ARRAY['a', 'b'], ARRAY[CAST(0 AS double), 1e20])",
    type: 'map(varchar, double)',
    json: '{"a":0.0,"b":1.0E20}',
    printed: { cli: '{a=0.0, b=1.0E20}', jdbc: '{a=0.0, b=1.0E20}' },
  },
  {
    sql: "SELECT CAST(ROW(1, 0, DATE '2024-01-01') AS ROW(x integer, y double, d date))",
    type: 'row("x" integer, "y" double, "d" date)',
    json: '[1,0.0,"2024-01-01"]',
    printed: { cli: '{x=1, y=0.0, d=2024-01-01}', jdbc: '{x=1, y=0.0, d=2024-01-01}' },
  },
  { sql: 'SELECT CAST(NULL AS double)', type: 'double', json: 'null', printed: { cli: '', jdbc: null } },
];

/** The text a client prints for a cell with no `printed` entry: a JSON string's value, else the JSON text. */
export function printedText(cell: TypedCell): string {
  return cell.json.startsWith('"') ? (JSON.parse(cell.json) as string) : cell.json;
}
