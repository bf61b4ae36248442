/**
 * The `lakehouse` command: one subcommand per capability. Each subcommand lives in its own file
 * under `commands/` and is listed here once.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../layers/config/index.js';
import { brokerCommand } from './commands/broker.js';
import { catalogCommand } from './commands/catalog.js';
import { configCommand } from './commands/config.js';
import { gatewayCommand } from './commands/gateway.js';
import { producerCommand } from './commands/producer.js';
import { qualityCommand } from './commands/quality.js';
import { replayCommand } from './commands/replay.js';
import { simulateCommand } from './commands/simulate.js';
import { sqlCommand } from './commands/sql.js';
import { tableCommand } from './commands/table.js';
import { errorLine } from './errorLine.js';

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('lakehouse')
    .description('Lakehouse Crypto: live Coinbase market data in a local Apache Iceberg lakehouse.')
    .showHelpAfterError()
    .exitOverride();
  for (const register of [
    configCommand,
    brokerCommand,
    producerCommand,
    simulateCommand,
    sqlCommand,
    replayCommand,
    gatewayCommand,
    qualityCommand,
    tableCommand,
    catalogCommand,
  ])
    register(program);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      process.stderr.write(`lakehouse: configuration error: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`lakehouse: ${errorLine(error)}\n`);
    if (process.env.LOG_LEVEL === 'debug' && error instanceof Error && error.stack) {
      process.stderr.write(`${error.stack}\n`);
    }
    return 1;
  }
}
