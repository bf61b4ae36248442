/**
 * The JdbcCatalog / PyIceberg SqlCatalog tables, created if absent (portable SQLite/PostgreSQL DDL).
 * New catalogs get the v1 layout (with `iceberg_type`, so views and tables can share it); catalogs
 * created by older writers without that column keep working in the v0 layout.
 */
import type { SqlDriver } from './SqlDriver.js';

export const TABLES = 'iceberg_tables';
export const NAMESPACE_PROPERTIES = 'iceberg_namespace_properties';
/** PyIceberg's marker property for a namespace created without properties. */
export const NAMESPACE_EXISTS_PROPERTY = 'exists';

export async function createCatalogTables(driver: SqlDriver): Promise<void> {
  await driver.run(
    `CREATE TABLE IF NOT EXISTS ${TABLES} (
      catalog_name VARCHAR(255) NOT NULL,
      table_namespace VARCHAR(255) NOT NULL,
      table_name VARCHAR(255) NOT NULL,
      metadata_location VARCHAR(1000),
      previous_metadata_location VARCHAR(1000),
      iceberg_type VARCHAR(5),
      PRIMARY KEY (catalog_name, table_namespace, table_name))`,
  );
  await driver.run(
    `CREATE TABLE IF NOT EXISTS ${NAMESPACE_PROPERTIES} (
      catalog_name VARCHAR(255) NOT NULL,
      namespace VARCHAR(255) NOT NULL,
      property_key VARCHAR(255) NOT NULL,
      property_value VARCHAR(1000),
      PRIMARY KEY (catalog_name, namespace, property_key))`,
  );
}

/** Whether iceberg_tables has the v1 `iceberg_type` column. */
export async function hasIcebergTypeColumn(driver: SqlDriver): Promise<boolean> {
  try {
    await driver.run(`SELECT iceberg_type FROM ${TABLES} WHERE 1 = 0`);
    return true;
  } catch {
    return false;
  }
}

export interface TableRowSql {
  /** Extra WHERE condition selecting tables (not views). */
  readonly onlyTables: string;
  readonly insert: string;
}

export function tableRowSql(v1: boolean): TableRowSql {
  return v1
    ? {
        onlyTables: " AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL)",
        insert: `INSERT INTO ${TABLES} (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location, iceberg_type) VALUES (?, ?, ?, ?, NULL, 'TABLE')`,
      }
    : {
        onlyTables: '',
        insert: `INSERT INTO ${TABLES} (catalog_name, table_namespace, table_name, metadata_location, previous_metadata_location) VALUES (?, ?, ?, ?, NULL)`,
      };
}
