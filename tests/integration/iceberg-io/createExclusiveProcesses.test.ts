import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const creator = fileURLToPath(new URL('./exclusiveCreator.js', import.meta.url));

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'exclusive-processes-'));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('LocalFileIO.createExclusive across OS processes', () => {
  it('has exactly one winner among 8 processes, in each of 2 rounds', async () => {
    for (let round = 0; round < 2; round++) {
      const startFile = path.join(root, `start-${round}`);
      const location = path.join(root, `round-${round}`, '00001-commit.metadata.json');
      const racers = Array.from({ length: 8 }, (_, i) =>
        run(process.execPath, [creator, startFile, location, String(i)], { timeout: 30_000 }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await fs.writeFile(startFile, '');
      const outcomes = (await Promise.all(racers)).map((r) => r.stdout.trim());
      assert.equal(outcomes.filter((o) => o === 'won').length, 1, `round ${round}: ${outcomes.join(',')}`);
      assert.equal(outcomes.filter((o) => o === 'lost').length, 7);
      const content = await fs.readFile(location, 'utf8');
      const winner = outcomes.indexOf('won');
      assert.equal(content, `writer ${winner}`);
    }
  });
});
