/**
 * `serverless offline start` (what `npm start` runs) when it cannot run: a bad setting ends the
 * process with status 2 before serverless-offline opens a port or schedules a function, and a part
 * of the embedded stack that fails to start ends it with status 1 instead of leaving the Lambda API
 * and its schedules running.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../helpers/ports.js';

interface Outcome {
  readonly status: number | null;
  readonly output: string;
}

/** Runs `serverless offline start` with the given settings on free ports; kills it if it outlives the limit. */
async function offlineStart(home: string, env: Record<string, string>): Promise<Outcome> {
  const child = spawn(process.execPath, ['node_modules/serverless/bin/serverless.js', 'offline', 'start'], {
    env: {
      ...process.env,
      LAKEHOUSE_HOME: home,
      OFFLINE_LAMBDA_PORT: String(await freePort()),
      OFFLINE_HTTP_PORT: String(await freePort()),
      OFFLINE_WEBSOCKET_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const status = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  clearTimeout(killer);
  return { status, output };
}

describe('serverless offline start with the local plugin', () => {
  let home: string;
  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'offline-start-'));
  });
  after(() => rm(home, { recursive: true, force: true }));

  it('stops with status 2 on a bad setting, before serverless-offline listens or schedules', async () => {
    const { status, output } = await offlineStart(home, { GATEWAY_PORT: 'abc' });
    assert.equal(status, 2, output);
    assert.match(
      output,
      /lakehouse: configuration error: invalid GATEWAY_PORT="abc": expected an integer from 0 to 65535/,
    );
    assert.doesNotMatch(output, /listening on/);
    assert.doesNotMatch(output, /Scheduling \[/);
    assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
  });

  it('stops with status 1 when a component cannot start, naming why', async () => {
    const occupied = net.createServer();
    await new Promise<void>((resolve) => occupied.listen(0, '127.0.0.1', resolve));
    const address = occupied.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const { status, output } = await offlineStart(home, { LAKEHOUSE_STACK: 'broker', BROKER_PORT: String(port) });
      assert.equal(status, 1, output);
      assert.match(output, /lakehouse: the embedded stack could not start: .*EADDRINUSE/);
    } finally {
      await new Promise((resolve) => occupied.close(resolve));
    }
  });
});
