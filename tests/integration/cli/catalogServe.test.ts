/** `lakehouse catalog serve` as a process: prints where it listens, serves with the configured token, stops on SIGTERM. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../helpers/ports.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

function serve(home: string, args: readonly string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/lakehouse.js'), 'catalog', 'serve', ...args], {
    env: { ...process.env, LAKEHOUSE_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('lakehouse catalog serve', () => {
  let home: string;
  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'catalog-serve-'));
  });
  after(() => rm(home, { recursive: true, force: true }));

  it('serves on --port with the configured token and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const run = serve(home, ['--port', String(port)], { CATALOG_SERVER_TOKEN: 'tok' });
    try {
      const deadline = Date.now() + 30_000;
      while (!run.output().stdout.includes('\n') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(
        run.output().stdout,
        `lakehouse catalog: Iceberg REST catalog on http://127.0.0.1:${port} (bearer token required)\n`,
        run.output().stderr,
      );
      const anonymous = await fetch(`http://127.0.0.1:${port}/v1/config`);
      assert.equal(anonymous.status, 401);
      const config = await fetch(`http://127.0.0.1:${port}/v1/config`, { headers: { authorization: 'Bearer tok' } });
      assert.equal(config.status, 200);
    } finally {
      run.child.kill('SIGTERM');
    }
    assert.equal(await run.exited, 0, run.output().stderr);
  });

  it('refuses an invalid --port, naming it', async () => {
    const run = serve(home, ['--port', 'abc']);
    assert.equal(await run.exited, 1);
    assert.match(run.output().stderr, /invalid --port abc: expected a port 0-65535/);
  });
});
