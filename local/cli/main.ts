/**
 * The `lakehouse` command: one subcommand per capability. Each subcommand lives in its own file
 * under `commands/` and is listed here once.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../layers/config/index.js';
import { configCommand } from './commands/config.js';

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('lakehouse')
    .description('Lakehouse Crypto: live Coinbase market data in a local Apache Iceberg lakehouse.')
    .showHelpAfterError()
    .exitOverride();
  for (const register of [configCommand]) register(program);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      process.stderr.write(`lakehouse: configuration error: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`lakehouse: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
