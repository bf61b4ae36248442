import type { Command } from 'commander';
import { loadConfig } from '../../../layers/config/index.js';
import { producerSettingsFromConfig, startProducer } from '../../../producer/index.js';

/** `lakehouse producer`: the Coinbase WebSocket -> Kafka service, until SIGINT or SIGTERM (then it flushes). */
export function producerCommand(program: Command): void {
  program
    .command('producer')
    .description('stream Coinbase WebSocket frames into Kafka (COINBASE_*, PRODUCTS, KAFKA_*, PRODUCER_* settings)')
    .action(async () => {
      const config = loadConfig();
      const producer = await startProducer(producerSettingsFromConfig(config));
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await producer.close();
    });
}
