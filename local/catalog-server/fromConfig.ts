/** The REST catalog server over the configured catalog, on the configured address. */
import type { Config } from '../../layers/config/index.js';
import { openCatalog } from '../../layers/iceberg/index.js';
import { type CatalogServer, startCatalogServer } from './catalogServer.js';

export interface ConfiguredCatalogServerOverrides {
  readonly host?: string;
  readonly port?: number;
}

/** The S3 settings a client needs to read an s3:// warehouse, under PyIceberg/Java FileIO names. */
function s3ClientConfig(config: Config): Record<string, string> {
  return {
    ...(config.catalog.s3Endpoint === undefined ? {} : { 's3.endpoint': config.catalog.s3Endpoint }),
    's3.region': config.catalog.s3Region,
  };
}

/** Opens the catalog and serves it; closing the server closes the catalog. */
export async function startConfiguredCatalogServer(
  config: Config,
  overrides: ConfiguredCatalogServerOverrides = {},
): Promise<CatalogServer> {
  const catalog = await openCatalog(config);
  const settings = config.catalogServer;
  try {
    const server = await startCatalogServer({
      catalog,
      host: overrides.host ?? settings.host,
      port: overrides.port ?? settings.port,
      ...(settings.token === undefined ? {} : { token: settings.token }),
      ...(settings.prefix === undefined ? {} : { prefix: settings.prefix }),
      tableConfig: s3ClientConfig(config),
    });
    return {
      ...server,
      close: async () => {
        await server.close();
        await catalog.close();
      },
    };
  } catch (error) {
    await catalog.close();
    throw error;
  }
}
