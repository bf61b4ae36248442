/**
 * The lakehouse's SQL catalog from the typed configuration, in one place: SQLite at
 * `paths.catalogDb` when `catalog.uri` is unset, PostgreSQL for a postgresql:// URI; tables under
 * `paths.warehouse`; FileIO chosen by each location's URI scheme (S3 endpoint and region from the
 * catalog section, remote data files cached under `paths.cache`).
 */
import fs from 'node:fs/promises';
import type { Config } from '../../config/index.js';
import { ValidationError } from '../errors.js';
import type { FileIO } from '../io/FileIO.js';
import { type FileIOOptions, fileIOFor } from '../io/fileIOFor.js';
import { localPathOf, schemeOf } from '../io/location.js';
import { PostgresDriver } from './postgresDriver.js';
import { SqlCatalog } from './SqlCatalog.js';
import type { SqlDriver } from './SqlDriver.js';
import { SqliteDriver } from './sqliteDriver.js';

export interface OpenCatalogOptions {
  /** Size limit of the local cache of remote data files under `paths.cache`; default 2 GiB. */
  readonly cacheMaxBytes?: number;
}

const DEFAULT_CACHE_MAX_BYTES = 2 * 1024 ** 3;
const POSTGRES_URI = /^postgres(ql)?:\/\//i;

async function driverFor(config: Config): Promise<SqlDriver> {
  const uri = config.catalog.uri;
  if (uri === undefined) {
    await fs.mkdir(config.paths.home, { recursive: true });
    return new SqliteDriver({ path: config.paths.catalogDb });
  }
  if (POSTGRES_URI.test(uri)) return new PostgresDriver({ connectionString: uri });
  // The URI may carry a password: name only its scheme.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(uri)?.[0] ?? '(none)';
  throw new ValidationError(
    `CATALOG_URI with scheme ${scheme} is not supported: use postgresql://... or leave it unset for SQLite at ${config.paths.catalogDb}`,
  );
}

/** Opens (and creates if needed) the configured catalog; `catalog.ioFor(location)` gives the FileIO it uses. */
export async function openCatalog(config: Config, options: OpenCatalogOptions = {}): Promise<SqlCatalog> {
  const driver = await driverFor(config);
  const ioOptions: FileIOOptions = {
    s3: {
      ...(config.catalog.s3Endpoint === undefined ? {} : { endpoint: config.catalog.s3Endpoint }),
      region: config.catalog.s3Region,
    },
    cache: { dir: config.paths.cache, maxBytes: options.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES },
  };
  const warehouse = config.paths.warehouse;
  try {
    if (schemeOf(warehouse) === 'file') await fs.mkdir(localPathOf(warehouse), { recursive: true });
    return await SqlCatalog.open({
      name: config.catalog.name,
      driver,
      warehouse,
      io: (location: string): FileIO => fileIOFor(location, ioOptions),
    });
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}
