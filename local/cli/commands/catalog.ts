import type { Command } from 'commander';
import { loadConfig } from '../../../layers/config/index.js';
import { startConfiguredCatalogServer } from '../../catalog-server/fromConfig.js';
import { parsePort } from '../portOption.js';

/** `lakehouse catalog serve`: the Iceberg REST catalog over the lakehouse until SIGINT or SIGTERM. */
export function catalogCommand(program: Command): void {
  const catalog = program.command('catalog').description('the Iceberg catalog of the lakehouse');
  catalog
    .command('serve')
    .description('serve the catalog over the Iceberg REST protocol so PyIceberg, Trino or Spark can attach')
    .option('--port <port>', 'port to listen on (default CATALOG_SERVER_PORT, 8181)', (text) => parsePort(text))
    .option('--host <host>', 'address to bind (default CATALOG_SERVER_HOST, 127.0.0.1)')
    .action(async (options: { port?: number; host?: string }) => {
      const config = loadConfig();
      const server = await startConfiguredCatalogServer(config, {
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.host === undefined ? {} : { host: options.host }),
      });
      const auth = config.catalogServer.token === undefined ? 'no auth' : 'bearer token required';
      process.stdout.write(`lakehouse catalog: Iceberg REST catalog on ${server.url} (${auth})\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
    });
}
