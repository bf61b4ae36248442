/** The embedded stack's broker serves /metrics on BROKER_METRICS_PORT (as `lakehouse broker` does), and none at 0. */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import { embeddedStack } from '../../../local/serverless-plugin/embeddedStack.js';
import { freePort } from '../../helpers/ports.js';

async function startBrokerPart(env: Record<string, string>) {
  const config = loadConfig({ ...env, LAKEHOUSE_STACK: 'broker', BROKER_PORT: String(await freePort()) });
  const specs = embeddedStack({
    config,
    pipeline: config.pipeline,
    mappings: [],
    invoker: { invoke: async () => ({ ok: true, payload: null }), close: () => {} },
    log: () => {},
  });
  const broker = specs.find((spec) => spec.name === 'broker');
  assert.ok(broker, 'the stack has a broker part');
  return broker.start();
}

describe('embedded stack broker metrics', () => {
  let home: string;
  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'stack-broker-metrics-'));
  });
  after(() => rm(home, { recursive: true, force: true }));

  it('serves /metrics on BROKER_METRICS_PORT and says where', async () => {
    const metricsPort = await freePort();
    const broker = await startBrokerPart({ LAKEHOUSE_HOME: home, BROKER_METRICS_PORT: String(metricsPort) });
    try {
      assert.match(broker.description, new RegExp(`metrics http://127\\.0\\.0\\.1:${metricsPort}/metrics`));
      const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      assert.equal(response.status, 200);
      assert.match(await response.text(), /^# HELP /m);
    } finally {
      await broker.stop();
    }
    await assert.rejects(fetch(`http://127.0.0.1:${metricsPort}/metrics`), 'the metrics server stops with the broker');
  });

  it('serves none with BROKER_METRICS_PORT=0', async () => {
    const broker = await startBrokerPart({ LAKEHOUSE_HOME: home, BROKER_METRICS_PORT: '0' });
    try {
      assert.match(broker.description, /metrics off: BROKER_METRICS_PORT=0/);
    } finally {
      await broker.stop();
    }
  });
});
