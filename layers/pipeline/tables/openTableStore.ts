/**
 * The table store the pipeline runs on: Iceberg tables in the SQL catalog (SQLite at
 * $LAKEHOUSE_HOME/catalog.db) under the configured warehouse. The one place that picks the store.
 */
import { mkdir } from 'node:fs/promises';
import type { Config } from '../../config/index.js';
import { SqlCatalog, SqliteDriver } from '../../iceberg/index.js';
import { PipelineError } from '../errors.js';
import { IcebergTableStore } from './IcebergTableStore.js';
import type { TableStore } from './TableStore.js';

export async function openTableStore(config: Config): Promise<TableStore> {
  if (config.catalog.uri !== undefined && !config.catalog.uri.startsWith('sqlite:')) {
    throw new PipelineError(`CATALOG_URI ${config.catalog.uri}: the pipeline opens SQLite catalogs only`, false);
  }
  await mkdir(config.paths.home, { recursive: true });
  if (!config.paths.warehouse.includes('://')) await mkdir(config.paths.warehouse, { recursive: true });
  const catalog = await SqlCatalog.open({
    name: config.catalog.name,
    driver: new SqliteDriver({ path: config.paths.catalogDb }),
    warehouse: config.paths.warehouse,
  });
  return new IcebergTableStore(catalog);
}
