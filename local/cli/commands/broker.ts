import type { Command } from 'commander';
import { loadConfig } from '../../../layers/config/index.js';
import { brokerSettingsFromConfig, serveMetrics, startBroker } from '../../broker/index.js';
import { parsePort } from '../portOption.js';

interface BrokerOptions {
  port?: string;
  host?: string;
  data?: string;
  metricsPort?: string;
}

/** `lakehouse broker`: runs the embedded Kafka-protocol broker until SIGINT or SIGTERM. */
export function brokerCommand(program: Command): void {
  program
    .command('broker')
    .description('run the embedded single-node broker that speaks the Kafka wire protocol')
    .option('--port <port>', 'port to listen on (default BROKER_PORT, 9092)')
    .option('--host <host>', 'address to bind (default BROKER_HOST, 127.0.0.1)')
    .option('--data <dir>', 'log directory (default $LAKEHOUSE_HOME/broker)')
    .option('--metrics-port <port>', 'serve Prometheus metrics at /metrics on this port (default BROKER_METRICS_PORT)')
    .action(async (options: BrokerOptions) => {
      const config = loadConfig();
      const settings = brokerSettingsFromConfig(config);
      const broker = await startBroker({
        ...settings,
        ...(options.port === undefined ? {} : { port: parsePort(options.port, '--port') }),
        ...(options.host === undefined ? {} : { host: options.host }),
        ...(options.data === undefined ? {} : { dataDir: options.data }),
      });
      const metricsPort =
        options.metricsPort === undefined
          ? config.kafka.brokerMetricsPort
          : parsePort(options.metricsPort, '--metrics-port');
      const metrics =
        metricsPort > 0
          ? await serveMetrics(broker.metricsRegistry, metricsPort, settings.host ?? '127.0.0.1')
          : undefined;
      process.stdout.write(
        `broker listening on ${broker.bootstrap} (data ${options.data ?? settings.dataDir})` +
          `${metrics === undefined ? '' : `, metrics on :${metrics.port}/metrics`}\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await metrics?.close();
      await broker.close();
    });
}
