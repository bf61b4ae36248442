/**
 * The table store the pipeline runs on: Iceberg tables in the configured SQL catalog (SQLite at
 * $LAKEHOUSE_HOME/catalog.db by default, PostgreSQL with CATALOG_URI) under the configured warehouse.
 * The one place that picks the store.
 */
import type { Config } from '../../config/index.js';
import { openCatalog } from '../../iceberg/index.js';
import { IcebergTableStore } from './IcebergTableStore.js';
import type { TableStore } from './TableStore.js';

export async function openTableStore(config: Config): Promise<TableStore> {
  return new IcebergTableStore(await openCatalog(config));
}
