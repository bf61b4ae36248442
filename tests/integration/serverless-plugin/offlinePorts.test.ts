/**
 * Through the framework itself (`serverless print`): moving serverless-offline's Lambda port moves the
 * endpoint the functions chain their commit events to, so no commit event goes to whatever else
 * listens on the default port.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function resolvedService(env: Record<string, string>) {
  const { stdout } = await run(
    process.execPath,
    ['node_modules/serverless/bin/serverless.js', 'print', '--format', 'json'],
    {
      env: { ...process.env, ...env },
      maxBuffer: 16 << 20,
    },
  );
  return JSON.parse(stdout) as {
    provider: { environment: Record<string, string> };
    custom: { 'serverless-offline': Record<string, string> };
  };
}

describe('serverless.yml ports', () => {
  it('moves the Lambda API and the commit chain together with OFFLINE_HOST / OFFLINE_LAMBDA_PORT', async () => {
    const moved = await resolvedService({
      OFFLINE_LAMBDA_PORT: '4302',
      OFFLINE_HTTP_PORT: '4300',
      OFFLINE_WEBSOCKET_PORT: '4301',
    });
    assert.equal(moved.custom['serverless-offline'].lambdaPort, '4302');
    assert.equal(moved.custom['serverless-offline'].httpPort, '4300');
    assert.equal(moved.custom['serverless-offline'].websocketPort, '4301');
    assert.equal(moved.provider.environment.LAMBDA_ENDPOINT, 'http://127.0.0.1:4302');
    const explicit = await resolvedService({ OFFLINE_LAMBDA_PORT: '4302', LAMBDA_ENDPOINT: 'http://10.0.0.5:9000' });
    assert.equal(explicit.provider.environment.LAMBDA_ENDPOINT, 'http://10.0.0.5:9000');
  });
});
