/** Opens the SQL catalog a test names by URI: `postgresql://...` or a SQLite database file path. */
import { PostgresDriver, SqlCatalog, SqliteDriver } from '../../../layers/iceberg/index.js';

export const CATALOG_NAME = 'lakehouse';

export function openCatalog(uri: string, warehouse: string): Promise<SqlCatalog> {
  const driver = /^postgres(ql)?:\/\//.test(uri)
    ? new PostgresDriver({ connectionString: uri, maxConnections: 2 })
    : new SqliteDriver({ path: uri });
  return SqlCatalog.open({ name: CATALOG_NAME, driver, warehouse });
}
