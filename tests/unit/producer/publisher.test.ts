import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryKafka } from '../../../layers/kafka/index.js';
import type { LogLevel } from '../../../producer/log.js';
import { createProducerMetrics } from '../../../producer/metrics.js';
import { type PendingFrame, Publisher } from '../../../producer/Publisher.js';

function frame(index: number): PendingFrame {
  return {
    key: 'BTC-USD',
    value: Buffer.from(`{"n":${index}}`),
    headers: { received_at: '1', source: 'simulator', connection_id: 'c' },
    source: 'simulator',
    receivedAtMono: performance.now(),
    trades: { productId: 'BTC-USD', tradeIds: [BigInt(index)] },
  };
}

function setup(bufferMaxFrames: number) {
  const kafka = createMemoryKafka();
  const metrics = createProducerMetrics();
  const logs: { level: LogLevel; message: string; fields?: Record<string, unknown> }[] = [];
  const dropped: { frames: readonly PendingFrame[]; reason: string }[] = [];
  const publisher = new Publisher({
    producer: kafka.producer(),
    topic: 'coinbase.raw',
    lingerMs: 1,
    batchMaxFrames: 10,
    bufferMaxFrames,
    metrics,
    log: (level, message, fields) => logs.push({ level, message, fields }),
    onDropped: (frames, reason) => dropped.push({ frames, reason }),
  });
  const values = () => (kafka.topics.get('coinbase.raw') ?? []).map((record) => record.value?.toString());
  return { kafka, metrics, logs, dropped, publisher, values };
}

describe('Publisher', () => {
  it('batches frames into Kafka in order', async () => {
    const { publisher, values, kafka } = setup(1000);
    for (let i = 0; i < 35; i++) publisher.enqueue(frame(i));
    assert.equal(await publisher.flush(5000), true);
    assert.deepEqual(
      values(),
      Array.from({ length: 35 }, (_, i) => `{"n":${i}}`),
    );
    assert.ok(kafka.sends >= 4, 'at most batchMaxFrames per send');
    await publisher.close();
  });

  it('buffers while Kafka is unavailable and delivers everything, in order, when it returns', async () => {
    const { publisher, values, kafka, metrics, logs } = setup(1000);
    kafka.setAvailable(false);
    for (let i = 0; i < 25; i++) publisher.enqueue(frame(i));
    assert.equal(await publisher.flush(300), false);
    assert.equal(publisher.depth, 25);
    assert.ok(logs.some((entry) => entry.level === 'warn' && /kafka unavailable/.test(entry.message)));
    kafka.setAvailable(true);
    assert.equal(await publisher.flush(10_000), true);
    assert.deepEqual(
      values(),
      Array.from({ length: 25 }, (_, i) => `{"n":${i}}`),
    );
    const errors = await metrics.produceErrors.get();
    assert.ok((errors.values.find((value) => value.labels.retriable === 'true')?.value ?? 0) > 0);
    await publisher.close();
  });

  it('drops beyond the bound loudly: metric, error log and the dropped frames handed back', async () => {
    const { publisher, kafka, metrics, logs, dropped } = setup(5);
    kafka.setAvailable(false);
    const accepted = Array.from({ length: 8 }, (_, i) => publisher.enqueue(frame(i)));
    assert.deepEqual(accepted, [true, true, true, true, true, false, false, false]);
    const counted = await metrics.bufferDropped.get();
    assert.equal(counted.values.find((value) => value.labels.reason === 'buffer_full')?.value, 3);
    assert.ok(logs.some((entry) => entry.level === 'error' && /dropped/.test(entry.message)));
    assert.deepEqual(
      dropped.flatMap((entry) => entry.frames.map((f) => f.value.toString())),
      ['{"n":5}', '{"n":6}', '{"n":7}'],
    );
    kafka.setAvailable(true);
    assert.equal(await publisher.flush(10_000), true);
    await publisher.close();
  });
});
