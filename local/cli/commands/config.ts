import type { Command } from 'commander';
import { documentConfig, loadConfig } from '../../../layers/config/index.js';

/** `lakehouse config`: validates the environment and prints every variable with its effective value. */
export function configCommand(program: Command): void {
  program
    .command('config')
    .description('validate the environment and print every setting, its value and default')
    .option('--markdown', 'print the documentation table (the one in README.md)')
    .action((options: { markdown?: boolean }) => {
      const docs = documentConfig();
      if (options.markdown) {
        process.stdout.write('| variable | default | meaning |\n|---|---|---|\n');
        for (const doc of docs) process.stdout.write(`| \`${doc.name}\` | \`${doc.default}\` | ${doc.description} |\n`);
        return;
      }
      const config = loadConfig();
      process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    });
}
