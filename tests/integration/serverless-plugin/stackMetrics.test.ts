/** The embedded stack's combined /metrics endpoint: on METRICS_PORT, saying what it serves, and none at 0. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import { embeddedStack } from '../../../local/serverless-plugin/embeddedStack.js';
import { freePort } from '../../helpers/ports.js';

function metricsPart(env: Record<string, string>) {
  const config = loadConfig({ ...env, LAKEHOUSE_STACK: 'none' });
  const specs = embeddedStack({
    config,
    pipeline: config.pipeline,
    mappings: [],
    invoker: { invoke: async () => ({ ok: true, payload: null }), close: () => {} },
    log: () => {},
  });
  return specs.find((spec) => spec.name === 'metrics');
}

describe('embedded stack combined metrics', () => {
  it("serves the functions' and triggers' registries on METRICS_PORT and says where", async () => {
    const port = await freePort();
    const part = metricsPart({ METRICS_PORT: String(port) });
    assert.ok(part, 'the stack has a metrics part');
    const started = await part.start();
    try {
      assert.match(started.description, new RegExp(`http://127\\.0\\.0\\.1:${port}/metrics \\(pipeline, triggers\\)`));
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      assert.equal(response.status, 200);
      const text = await response.text();
      assert.match(text, /^# TYPE lakehouse_function_invocations_total counter$/m);
      assert.match(text, /^# TYPE lakehouse_trigger_consumer_lag_records gauge$/m);
      assert.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
    } finally {
      await started.stop();
    }
    await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`), 'the endpoint stops with the stack');
  });

  it('serves none with METRICS_PORT=0', () => {
    assert.equal(metricsPart({ METRICS_PORT: '0' }), undefined);
  });
});
