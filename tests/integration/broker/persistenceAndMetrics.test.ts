import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { serveMetrics } from '../../../local/broker/index.js';
import { startTestBroker, tempDataDir } from './testBroker.js';

test('topics, records and committed offsets survive a restart; metrics count the traffic', async () => {
  const dataDir = tempDataDir();
  const first = await startTestBroker({ dataDir, fsync: 'always' });
  const kafka = first.kafka();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: 'kept',
    messages: Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: `v${i}` })),
  });
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  const [partition] = (await admin.fetchTopicOffsets('kept')).filter((p) => p.high !== '0');
  assert.ok(partition !== undefined);
  await admin.setOffsets({
    groupId: 'kept-group',
    topic: 'kept',
    partitions: [{ partition: partition.partition, offset: '7' }],
  });
  await admin.disconnect();

  const metrics = await first.broker.metricsRegistry.metrics();
  assert.match(metrics, /broker_records_in_total\{topic="kept"\} 10/);
  assert.match(metrics, /broker_request_duration_seconds_count\{api="Produce"\} [1-9]/);
  assert.match(metrics, /broker_log_size_bytes\{topic="kept",partition="\d+"\} [1-9]/);
  assert.match(metrics, /broker_active_connections \d+/);
  await first.broker.close();

  const second = await startTestBroker({ dataDir });
  try {
    const admin2 = second.kafka().admin();
    await admin2.connect();
    const offsets = await admin2.fetchTopicOffsets('kept');
    assert.equal(
      offsets.reduce((sum, p) => sum + Number(p.high), 0),
      10,
    );
    const [committed] = await admin2.fetchOffsets({ groupId: 'kept-group', topics: ['kept'] });
    assert.equal(committed?.partitions.find((p) => p.partition === partition.partition)?.offset, '7');
    assert.ok((await admin2.listGroups()).groups.some((group) => group.groupId === 'kept-group'));
    await admin2.disconnect();
  } finally {
    await second.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('serveMetrics exposes the registry at GET /metrics only', async () => {
  const broker = await startTestBroker();
  const server = await serveMetrics(broker.broker.metricsRegistry, 0, '127.0.0.1');
  try {
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /# TYPE broker_request_duration_seconds histogram/);
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/other`)).status, 404);
  } finally {
    await server.close();
    await broker.stop();
  }
});
