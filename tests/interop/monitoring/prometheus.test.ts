import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createProducerMetrics } from '../../../producer/metrics.js';

const monitoring = new URL('../../../../monitoring/', import.meta.url).pathname;

function promtool(...args: string[]): string {
  const result = spawnSync('promtool', args, { cwd: monitoring, encoding: 'utf8' });
  if (result.error)
    throw new Error(`promtool not runnable (install it with scripts/setup/prometheus.sh): ${result.error.message}`);
  assert.equal(result.status, 0, `promtool ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe('Prometheus configuration and rules (real promtool)', () => {
  it('passes promtool check config', () => {
    assert.match(promtool('check', 'config', 'prometheus.yml'), /SUCCESS/);
  });

  it('passes the rule unit tests', () => {
    assert.match(promtool('test', 'rules', 'rules/lakehouse.rules.test.yml'), /SUCCESS/);
  });

  it('uses only metrics the producer exports', async () => {
    const exported = new Set((await createProducerMetrics().registry.getMetricsAsJSON()).map((metric) => metric.name));
    const rules = readFileSync(`${monitoring}rules/lakehouse.rules.yml`, 'utf8');
    const used = new Set([...rules.matchAll(/\b(coinbase_[a-z_]+?)(?:_bucket)?\b/g)].map((match) => match[1]));
    assert.ok(used.size > 0);
    for (const name of used)
      assert.ok(exported.has(name as string), `rules use ${name}, which the producer does not export`);
  });
});
