/**
 * The lakehouse's query engine from configuration: the SQL catalog (SQLite at
 * $LAKEHOUSE_HOME/catalog.db, or PostgreSQL when CATALOG_URI is set), FileIO by URI scheme with
 * remote data files cached under $LAKEHOUSE_HOME/cache, and DuckDB on top.
 */
import fs from 'node:fs/promises';
import type { Config } from '../config/index.js';
import {
  type FileIO,
  fileIOFor,
  localPathOf,
  PostgresDriver,
  SqlCatalog,
  type SqlDriver,
  SqliteDriver,
  schemeOf,
} from '../iceberg/index.js';
import { IcebergQueryEngine } from './IcebergQueryEngine.js';
import { CatalogTableSource } from './tables/CatalogTableSource.js';

export interface LakehouseEngineOptions {
  /** Limit DuckDB's file access to the warehouse (when local) and the cache (the gateway sets this). */
  readonly sandbox?: boolean;
  readonly threads?: number;
  readonly memoryLimit?: string;
}

export interface LakehouseEngine {
  readonly engine: IcebergQueryEngine;
  readonly catalog: SqlCatalog;
  close(): Promise<void>;
}

const CACHE_MAX_BYTES = 2 * 1024 ** 3;

export async function openLakehouseEngine(
  config: Config,
  options: LakehouseEngineOptions = {},
): Promise<LakehouseEngine> {
  const ioOptions = {
    s3: {
      ...(config.catalog.s3Endpoint === undefined ? {} : { endpoint: config.catalog.s3Endpoint }),
      region: config.catalog.s3Region,
    },
    cache: { dir: config.paths.cache, maxBytes: CACHE_MAX_BYTES },
  };
  const ioFor = (location: string): FileIO => fileIOFor(location, ioOptions);
  let driver: SqlDriver;
  if (config.catalog.uri === undefined) {
    await fs.mkdir(config.paths.home, { recursive: true });
    driver = new SqliteDriver({ path: config.paths.catalogDb });
  } else {
    driver = new PostgresDriver({ connectionString: config.catalog.uri });
  }
  const catalog = await SqlCatalog.open({
    name: config.catalog.name,
    driver,
    warehouse: config.paths.warehouse,
    io: ioFor,
  });
  const allowed = [
    config.paths.cache,
    ...(schemeOf(config.paths.warehouse) === 'file' ? [localPathOf(config.paths.warehouse)] : []),
  ];
  if (options.sandbox) await Promise.all(allowed.map((dir) => fs.mkdir(dir, { recursive: true })));
  const engine = await IcebergQueryEngine.create({
    source: new CatalogTableSource(catalog, ioFor, options.sandbox ? allowed : undefined),
    ...(options.sandbox ? { allowedDirectories: allowed } : {}),
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
  });
  return {
    engine,
    catalog,
    close: async () => {
      await engine.close();
      await catalog.close();
    },
  };
}
