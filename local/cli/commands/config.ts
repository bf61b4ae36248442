import type { Command } from 'commander';
import { type Config, documentConfig, type Env, loadConfig, type VariableDoc } from '../../../layers/config/index.js';

/** `lakehouse config`: validates the environment and prints every variable with its value and default. */
export function configCommand(program: Command): void {
  program
    .command('config')
    .description('validate the environment and print every setting, its value and default')
    .option('--markdown', 'print the documentation table (the one in README.md)')
    .option('--json', 'print the effective typed configuration as JSON')
    .action((options: { markdown?: boolean; json?: boolean }) => {
      const docs = documentConfig();
      if (options.markdown) {
        process.stdout.write('| variable | default | meaning |\n|---|---|---|\n');
        for (const doc of docs) process.stdout.write(`| \`${doc.name}\` | \`${doc.default}\` | ${doc.description} |\n`);
        return;
      }
      const config = loadConfig();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
        return;
      }
      process.stdout.write(configReport(docs, config, process.env));
    });
}

/**
 * Every variable as `NAME  value  (default ...)`, the ones set in the environment marked `set`, then
 * the directories derived from LAKEHOUSE_HOME (what `rm -rf` of the home removes).
 */
export function configReport(docs: readonly VariableDoc[], config: Config, env: Env): string {
  const rows = docs.map((doc) => {
    const raw = env[doc.name]?.trim();
    const set = raw !== undefined && raw !== '';
    return { name: doc.name, value: set ? raw : doc.default, note: set ? `set; default ${doc.default}` : 'default' };
  });
  const nameWidth = Math.max(...rows.map((row) => row.name.length));
  const valueWidth = Math.min(48, Math.max(...rows.map((row) => row.value.length)));
  const lines = rows.map((row) => `${row.name.padEnd(nameWidth)}  ${row.value.padEnd(valueWidth)}  (${row.note})`);
  const paths = Object.entries(config.paths).map(([key, value]) => `  ${key.padEnd(10)} ${value}`);
  return `${lines.join('\n')}\n\nlocal state (LAKEHOUSE_HOME):\n${paths.join('\n')}\n`;
}
