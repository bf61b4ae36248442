import type { Command } from 'commander';
import { loadConfig } from '../../../layers/config/index.js';
import { startConfiguredGateway } from '../../gateway/fromConfig.js';
import { parsePort } from '../portOption.js';

/** `lakehouse gateway`: serves Trino's client protocol over the lakehouse until SIGINT or SIGTERM. */
export function gatewayCommand(program: Command): void {
  program
    .command('gateway')
    .description("serve the lakehouse over Trino's client protocol (read-only) for Trino clients, Grafana and DBeaver")
    .option('--port <port>', 'port to listen on (default GATEWAY_PORT, 8082)', (text) => parsePort(text))
    .option('--host <host>', 'address to bind (default GATEWAY_HOST, 127.0.0.1)')
    .action(async (options: { port?: number; host?: string }) => {
      const config = loadConfig();
      const gateway = await startConfiguredGateway(config, {
        ...(options.port === undefined ? {} : { port: options.port }),
        ...(options.host === undefined ? {} : { host: options.host }),
      });
      process.stdout.write(`lakehouse gateway: Trino protocol on ${gateway.url} (catalog ${config.gateway.catalog})\n`);
      const { sandbox } = gateway;
      if (sandbox.externalAccess !== false) {
        process.stderr.write('lakehouse gateway: warning: the engine DuckDB has external file access enabled\n');
      }
      if (sandbox.configurationLocked !== true || sandbox.metadataDatabase.configurationLocked !== true) {
        process.stderr.write('lakehouse gateway: warning: a gateway DuckDB does not have its configuration locked\n');
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await gateway.close();
    });
}
