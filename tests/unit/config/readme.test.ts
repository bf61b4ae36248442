import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { documentConfig } from '../../../layers/config/index.js';

const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every configuration variable with its default', () => {
    for (const doc of documentConfig()) {
      assert.ok(
        readme.includes(`| \`${doc.name}\` | \`${doc.default}\` |`),
        `README.md lacks the row for ${doc.name} (default ${doc.default}): paste \`npx lakehouse config --markdown\``,
      );
    }
  });

  it('names only subcommands the CLI has', async () => {
    const { main } = await import('../../../local/cli/main.js');
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      await main(['node', 'lakehouse', '--help']);
    } finally {
      process.stdout.write = original;
    }
    const help = written.join('');
    for (const match of readme.matchAll(/^\| `lakehouse (\w+)/gm)) {
      assert.ok(help.includes(`\n  ${match[1]}`), `README names \`lakehouse ${match[1]}\`, which --help does not list`);
    }
  });
});
