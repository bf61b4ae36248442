/**
 * Keeps DuckDB's attached in-memory database `iceberg` in step with the catalog: one schema per
 * namespace and one view per table, so `namespace.table`, `iceberg.namespace.table`,
 * information_schema, SHOW and DESCRIBE all work natively. A view is rebuilt only when the
 * table's metadata location changed since it was built (each commit writes a new metadata file),
 * so every query reads the latest committed snapshot and nothing else.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteQualified } from '../sql/quote.js';
import type { TableSource } from './TableSource.js';
import type { VersionSqlCache } from './versionSql.js';

export const ICEBERG_CATALOG = 'iceberg';

function key(namespace: string, table: string): string {
  return `${namespace}\u0000${table}`;
}

export class ViewRegistry {
  /** namespace+table -> the metadata the view reads (location, and its last-updated-ms to order versions). */
  private readonly views = new Map<string, { location: string; updatedMs: number }>();
  private readonly schemas = new Set<string>();
  private lock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly source: TableSource,
    private readonly versions: VersionSqlCache,
  ) {}

  /** Runs DDL one statement group at a time (DuckDB catalog writes from many queries would conflict). */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.lock.then(work, work);
    this.lock = next.catch(() => undefined);
    return next;
  }

  hasSchema(namespace: string): boolean {
    return this.schemas.has(namespace);
  }

  private async ensureSchema(namespace: string): Promise<void> {
    if (this.schemas.has(namespace)) return;
    await this.connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteQualified([ICEBERG_CATALOG, namespace])}`);
    this.schemas.add(namespace);
  }

  /**
   * Creates or replaces the view when the table changed; drops it when the table is gone. Returns
   * whether it exists. Planning (which may download files) runs outside the DDL lock.
   */
  async refresh(namespace: string, table: string): Promise<boolean> {
    const handle = await this.source.load(namespace, table);
    const k = key(namespace, table);
    const name = quoteQualified([ICEBERG_CATALOG, namespace, table]);
    if (handle === undefined) {
      await this.serial(async () => {
        if (this.views.delete(k)) await this.connection.run(`DROP VIEW IF EXISTS ${name}`);
      });
      return false;
    }
    if (this.views.get(k)?.location === handle.metadataLocation) return true;
    const sql = await this.versions.sqlFor(handle, {});
    await this.serial(async () => {
      // A concurrent query may have installed this or a newer version meanwhile: never go back.
      const installed = this.views.get(k);
      if (installed !== undefined && installed.updatedMs > handle.metadata.lastUpdatedMs) return;
      if (installed?.location === handle.metadataLocation) return;
      await this.ensureSchema(namespace);
      await this.connection.run(`CREATE OR REPLACE VIEW ${name} AS ${sql}`);
      this.views.set(k, { location: handle.metadataLocation, updatedMs: handle.metadata.lastUpdatedMs });
    });
    return true;
  }

  /** Makes schemas and views match the whole catalog (for information_schema and SHOW). */
  async syncAll(): Promise<void> {
    const namespaces = await this.source.listNamespaces();
    const live = new Set<string>();
    for (const namespace of namespaces) {
      await this.serial(() => this.ensureSchema(namespace));
      for (const table of await this.source.listTables(namespace)) {
        live.add(key(namespace, table));
        // A table that cannot be read (inconsistent files) is left out of listings; querying it
        // directly refreshes it again and reports why.
        await this.refresh(namespace, table).catch(() => false);
      }
    }
    await this.serial(async () => {
      for (const k of [...this.views.keys()]) {
        if (live.has(k)) continue;
        const [namespace = '', table = ''] = k.split('\u0000');
        await this.connection.run(`DROP VIEW IF EXISTS ${quoteQualified([ICEBERG_CATALOG, namespace, table])}`);
        this.views.delete(k);
      }
      for (const namespace of [...this.schemas]) {
        if (namespaces.includes(namespace)) continue;
        await this.connection.run(`DROP SCHEMA IF EXISTS ${quoteQualified([ICEBERG_CATALOG, namespace])} CASCADE`);
        this.schemas.delete(namespace);
      }
    });
  }
}
