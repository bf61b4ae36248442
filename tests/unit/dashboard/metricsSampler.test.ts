import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PipelineMetrics } from '../../../layers/pipeline/index.js';
import { histogramQuantile, MetricsSampler } from '../../../local/dashboard/metricsSampler.js';
import { TriggerMetrics } from '../../../local/lambda-kafka/TriggerMetrics.js';

function producerRegistry() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    received: new Counter({ name: 'coinbase_messages_received_total', help: 'h', labelNames: ['type'], registers }),
    produced: new Counter({ name: 'coinbase_messages_produced_total', help: 'h', registers }),
    connected: new Gauge({ name: 'coinbase_websocket_connected', help: 'h', registers }),
    latency: new Histogram({
      name: 'coinbase_message_latency_seconds',
      help: 'h',
      buckets: [0.01, 0.1, 1],
      registers,
    }),
  };
}

describe('MetricsSampler', () => {
  it('turns counters into per-second rates between samples (summing labels)', async () => {
    const metrics = producerRegistry();
    const sampler = new MetricsSampler([{ name: 'producer', registry: metrics.registry }], 10);
    metrics.connected.set(1);
    metrics.received.inc({ type: 'match' }, 5);
    const first = await sampler.sample(1_000);
    assert.equal(first.framesReceivedPerSecond, 0, 'no rate before a second sample');
    metrics.received.inc({ type: 'match' }, 20);
    metrics.received.inc({ type: 'ticker' }, 10);
    metrics.produced.inc(30);
    const second = await sampler.sample(3_000);
    assert.equal(second.framesReceivedPerSecond, 15);
    assert.equal(second.framesProducedPerSecond, 15);
    assert.equal(second.websocketConnected, 1);
    const third = await sampler.sample(4_000);
    assert.equal(third.framesReceivedPerSecond, 0, 'nothing new: the rate falls to zero');
  });

  it('reports null for what no registry holds (that part of the stack does not run here)', async () => {
    const sample = await new MetricsSampler([], 10).sample(1_000);
    assert.equal(sample.websocketConnected, null);
    assert.equal(sample.framesReceivedPerSecond, null);
    assert.equal(sample.brokerRecordsInPerSecond, null);
    assert.equal(sample.receiptLatencyP95Seconds, null);
  });

  it('keeps at most `capacity` samples, the newest', async () => {
    const sampler = new MetricsSampler([], 3);
    for (let at = 1; at <= 5; at++) await sampler.sample(at * 1000);
    assert.deepEqual(
      sampler.samples().map((s) => s.at),
      [3000, 4000, 5000],
    );
  });

  it('estimates receipt latency quantiles from the histogram', async () => {
    const metrics = producerRegistry();
    for (let i = 0; i < 90; i++) metrics.latency.observe(0.005);
    for (let i = 0; i < 10; i++) metrics.latency.observe(0.5);
    const sample = await new MetricsSampler([{ name: 'producer', registry: metrics.registry }], 10).sample();
    assert.ok(Math.abs((sample.receiptLatencyP50Seconds ?? 0) - 0.01 * (50 / 90)) < 1e-12);
    assert.ok(Math.abs((sample.receiptLatencyP95Seconds ?? 0) - (0.1 + 0.9 * 0.5)) < 1e-12);
  });
});

describe('MetricsSampler over the pipeline and trigger registries', () => {
  it('reports Kafka lag per function, dead-lettered batches, errors, commits per second and freshness per layer', async () => {
    const pipeline = new PipelineMetrics();
    const triggers = new TriggerMetrics();
    const sampler = new MetricsSampler(
      [
        { name: 'pipeline', registry: pipeline.registry },
        { name: 'triggers', registry: triggers.registry },
      ],
      10,
    );
    triggers.watchLag('lakehouse-dev-bronzeWriter', async () => 42);
    triggers.deadLettered('lakehouse-dev-bronzeWriter', 7);
    pipeline.committed('bronze.coinbase_events', 0.01);
    const first = await sampler.sample(10_000);
    assert.deepEqual(first.kafkaLag, { 'lakehouse-dev-bronzeWriter': 42 });
    assert.equal(first.deadLetteredBatches, 1);
    assert.equal(first.functionErrors, 0);
    assert.equal(first.commitsPerSecond, 0, 'no rate before a second sample');
    assert.deepEqual(first.freshnessSeconds, { bronze: null, silver: null, gold: null });
    pipeline.committed('bronze.coinbase_events', 0.02);
    pipeline.committed('silver.trades', 0.02);
    pipeline.committed('gold.ohlcv_1m', 0.02);
    pipeline.committed('gold.ohlcv_1m', 0.02);
    pipeline.invoked('goldBuilder', 1, { retriable: true });
    pipeline.fresh('bronze', 11_000, 12_000);
    pipeline.fresh('gold', 6_000, 12_000);
    const second = await sampler.sample(12_000);
    assert.equal(second.commitsPerSecond, 2);
    assert.equal(second.functionErrors, 1);
    assert.deepEqual(second.freshnessSeconds, { bronze: 1, silver: null, gold: 6 });
  });

  it('reports null for the pipeline figures when no registry holds them', async () => {
    const sample = await new MetricsSampler([], 10).sample(1_000);
    assert.equal(sample.kafkaLag, null);
    assert.equal(sample.deadLetteredBatches, null);
    assert.equal(sample.commitsPerSecond, null);
    assert.equal(sample.freshnessSeconds, null);
  });
});

describe('histogramQuantile', () => {
  const bucket = (le: number | string, value: number) => ({ value, labels: { le }, metricName: 'x_bucket' });

  it('interpolates inside the bucket holding the rank, as histogram_quantile does', () => {
    const values = [bucket(1, 10), bucket(2, 30), bucket('+Inf', 40)];
    assert.equal(histogramQuantile(values, 0.5), 1.5);
    assert.equal(histogramQuantile(values, 0.25), 1);
  });

  it('answers the highest finite bound for a rank in +Inf, a non-positive first bound as is, null without data', () => {
    assert.equal(histogramQuantile([bucket(1, 1), bucket('+Inf', 10)], 0.9), 1);
    assert.equal(histogramQuantile([bucket(-0.05, 5), bucket(0, 5), bucket('+Inf', 5)], 0.5), -0.05);
    assert.equal(histogramQuantile([bucket(1, 0), bucket('+Inf', 0)], 0.5), null);
    assert.equal(histogramQuantile(undefined, 0.5), null);
  });
});
