#!/usr/bin/env node
// Runs node's test runner over the compiled test files of the given tiers (dist/tests/<tier>/**/*.test.js).
// Node 20's runner takes no globs, so the files are listed here. Extra flags after `--` pass through.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const separator = process.argv.indexOf('--');
const tiers = process.argv.slice(2, separator === -1 ? undefined : separator);
const extra = separator === -1 ? [] : process.argv.slice(separator + 1);

function testFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.js') ? [full] : [];
  });
}

const files = tiers.flatMap((tier) => testFiles(path.join('dist', 'tests', tier))).sort();
if (files.length === 0) {
  console.error(`no test files under dist/tests/{${tiers.join(',')}}: run npm run build first`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...extra, ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
