import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createKafka, decodeKafkaEvent, isKafkaEvent, type KafkaClient } from '../../../layers/kafka/index.js';
import { type RunningBroker, startBroker } from '../../../local/broker/index.js';
import { EventSourceMapping } from '../../../local/lambda-kafka/EventSourceMapping.js';
import { InProcessInvoker } from '../../../local/lambda-kafka/Invoker.js';
import { TriggerMetrics } from '../../../local/lambda-kafka/TriggerMetrics.js';
import { parseExposition, sampleSum } from '../../helpers/exposition.js';
import { until } from '../../helpers/ports.js';

const waitUntil = (condition: () => boolean | Promise<boolean>, what: string) => until(condition, what, 20_000, 50);

describe('Kafka event-source mapping against the embedded broker', () => {
  let dir: string;
  let broker: RunningBroker;
  let kafka: KafkaClient;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'esm-'));
    broker = await startBroker({ port: 0, dataDir: dir, defaultPartitions: 3, onProblem: () => undefined });
    kafka = createKafka({ brokers: [broker.bootstrap], clientId: 'esm-test', logLevel: 'nothing' });
  });
  after(async () => {
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function produce(topic: string, values: readonly string[]): Promise<void> {
    const admin = await kafka.admin();
    await admin.ensureTopic(topic, 3);
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send(
      topic,
      values.map((value, index) => ({ key: `k${index % 5}`, value, headers: { received_at: String(1000 + index) } })),
    );
    await producer.disconnect();
  }

  it('delivers every record in SelfManagedKafka batches, retries failures and commits after success', async () => {
    const topic = 'esm.retry';
    const values = Array.from({ length: 300 }, (_, i) => `frame-${i}`);
    await produce(topic, values);
    const seen: string[] = [];
    let calls = 0;
    const invoker = new InProcessInvoker(
      new Map([
        [
          'fn',
          async (event: unknown) => {
            calls += 1;
            assert.ok(isKafkaEvent(event));
            for (const key of Object.keys(event.records)) assert.match(key, /^esm\.retry-\d$/);
            if (calls % 3 === 1) throw new Error('transient failure');
            const records = decodeKafkaEvent(event);
            assert.ok(records.length <= 50);
            assert.ok(records.every((r) => r.headers.get('received_at') !== undefined));
            seen.push(...records.map((r) => r.value));
            return { ok: true };
          },
        ],
      ]),
    );
    const options = {
      functionName: 'fn',
      brokers: [broker.bootstrap],
      topic,
      groupId: 'esm-retry-group',
      batchSize: 50,
      maximumBatchingWindowMs: 100,
      maxAttempts: 5,
      backoffMs: 10,
      deadLetterTopic: `${topic}.dlq`,
      invoker,
    };
    const mapping = new EventSourceMapping(options);
    await mapping.start();
    await waitUntil(() => seen.length >= values.length, 'all records delivered');
    await mapping.stop();
    assert.deepEqual([...seen].sort(), [...values].sort());
    assert.ok(mapping.stats.failures > 0);

    // A new mapping in the same group starts after the committed offsets: nothing is redelivered.
    await produce(topic, ['late-1', 'late-2']);
    const second = new EventSourceMapping(options);
    await second.start();
    await waitUntil(() => seen.length >= values.length + 2, 'late records delivered');
    await second.stop();
    assert.equal(seen.length, values.length + 2);
  });

  it('routes a batch that keeps failing to the dead-letter topic and moves on, counted in its metrics', async () => {
    const topic = 'esm.poison';
    await produce(topic, ['good-1', 'poison', 'good-2']);
    const metrics = new TriggerMetrics();
    const delivered: string[] = [];
    const invoker = new InProcessInvoker(
      new Map([
        [
          'fn',
          async (event: unknown) => {
            const records = decodeKafkaEvent(event as never);
            if (records.some((r) => r.value === 'poison')) throw new Error('cannot process poison');
            delivered.push(...records.map((r) => r.value));
            return {};
          },
        ],
      ]),
    );
    const mapping = new EventSourceMapping({
      functionName: 'fn',
      brokers: [broker.bootstrap],
      topic,
      groupId: 'esm-poison-group',
      batchSize: 1,
      maximumBatchingWindowMs: 10,
      maxAttempts: 3,
      backoffMs: 5,
      deadLetterTopic: `${topic}.dlq`,
      invoker,
      metrics,
    });
    await mapping.start();
    await waitUntil(() => delivered.length === 2 && mapping.stats.recordsDeadLettered === 1, 'poison dead-lettered');
    const of = async (name: string) =>
      sampleSum(parseExposition(await metrics.registry.metrics()), name, { function: 'fn' });
    // Every record processed (the poison dead-lettered) once the dead-lettered batch is committed.
    await waitUntil(async () => (await of('lakehouse_trigger_consumer_lag_records')) === 0, 'lag drained');
    await mapping.stop();
    // Three records in batches of one: two delivered at once, the poison tried three times.
    assert.equal(await of('lakehouse_trigger_batches_invoked_total'), 5);
    assert.equal(await of('lakehouse_trigger_batches_failed_total'), 3);
    assert.equal(await of('lakehouse_trigger_batches_dead_lettered_total'), 1);
    assert.equal(await of('lakehouse_trigger_records_dead_lettered_total'), 1);
    const dead = await kafka.readAll(`${topic}.dlq`);
    assert.equal(dead.length, 1);
    assert.equal(dead[0]?.value?.toString(), 'poison');
    assert.match(dead[0]?.headers.dlq_error?.toString() ?? '', /cannot process poison/);
    assert.match(dead[0]?.headers.dlq_source?.toString() ?? '', /^esm\.poison-\d@\d+$/);
  });

  it("cuts batches at Lambda's payload limit and keeps each partition's order", async () => {
    const topic = 'esm.large';
    // 60 records of 200 KB: about 16 MB of base64, so batchSize alone would make one oversized payload.
    const values = Array.from({ length: 60 }, (_, i) => `${String(i).padStart(4, '0')}${'x'.repeat(200_000)}`);
    await produce(topic, values);
    const payloads: number[] = [];
    const byPartition = new Map<number, bigint[]>();
    const invoker = new InProcessInvoker(
      new Map([
        [
          'fn',
          async (event: unknown) => {
            payloads.push(JSON.stringify(event).length);
            for (const record of decodeKafkaEvent(event as never)) {
              const offsets = byPartition.get(record.partition) ?? [];
              offsets.push(record.offset);
              byPartition.set(record.partition, offsets);
            }
            return {};
          },
        ],
      ]),
    );
    const mapping = new EventSourceMapping({
      functionName: 'fn',
      brokers: [broker.bootstrap],
      topic,
      groupId: 'esm-large-group',
      batchSize: 10_000,
      maximumBatchingWindowMs: 200,
      maxAttempts: 3,
      backoffMs: 5,
      deadLetterTopic: `${topic}.dlq`,
      invoker,
    });
    await mapping.start();
    await waitUntil(() => mapping.stats.recordsDelivered >= values.length, 'large records delivered');
    await mapping.stop();
    assert.ok(payloads.length >= 3, `expected the batch to be cut, got ${payloads.length} invocations`);
    for (const bytes of payloads) assert.ok(bytes <= 6 * 1024 * 1024, `payload of ${bytes} bytes exceeds 6 MB`);
    const delivered = [...byPartition.values()].flat();
    assert.equal(delivered.length, values.length);
    for (const [partition, offsets] of byPartition) {
      assert.deepEqual(
        offsets,
        [...offsets].sort((a, b) => (a < b ? -1 : 1)),
        `partition ${partition} out of order`,
      );
      assert.equal(new Set(offsets).size, offsets.length, `partition ${partition} delivered an offset twice`);
    }
  });
});
