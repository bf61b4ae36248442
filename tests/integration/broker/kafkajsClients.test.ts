import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Consumer } from 'kafkajs';
import { eventually, startTestBroker, type TestBroker } from './testBroker.js';

let broker: TestBroker;
before(async () => {
  broker = await startTestBroker();
});
after(async () => {
  await broker.stop();
});

test('admin creates, lists, describes and deletes topics', async () => {
  const admin = broker.kafka().admin();
  await admin.connect();
  try {
    assert.equal(await admin.createTopics({ topics: [{ topic: 'admin-topic', numPartitions: 3 }] }), true);
    assert.equal(await admin.createTopics({ topics: [{ topic: 'admin-topic', numPartitions: 3 }] }), false);
    assert.ok((await admin.listTopics()).includes('admin-topic'));
    const metadata = await admin.fetchTopicMetadata({ topics: ['admin-topic'] });
    assert.equal(metadata.topics[0]?.partitions.length, 3);
    await admin.deleteTopics({ topics: ['admin-topic'] });
    assert.equal((await admin.listTopics()).includes('admin-topic'), false);
  } finally {
    await admin.disconnect();
  }
});

test('idempotent producer and a consumer see every record once, in order per partition', async () => {
  const kafka = broker.kafka('idem');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'idem', numPartitions: 2 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let batch = 0; batch < 5; batch++) {
    await producer.send({
      topic: 'idem',
      acks: -1,
      messages: Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 2}`, value: `v${batch * 20 + i}` })),
    });
  }
  const offsets = await admin.fetchTopicOffsets('idem');
  assert.equal(
    offsets.reduce((sum, p) => sum + Number(p.high), 0),
    100,
  );
  const consumer = kafka.consumer({ groupId: 'idem-group', maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'idem', fromBeginning: true });
  const seen: string[] = [];
  const lastOffset = new Map<number, number>();
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const offset = Number(message.offset);
      assert.equal(offset, (lastOffset.get(partition) ?? -1) + 1, `partition ${partition} offsets are consecutive`);
      lastOffset.set(partition, offset);
      seen.push(String(message.value));
    },
  });
  await eventually(() => seen.length >= 100, '100 records');
  assert.equal(new Set(seen).size, 100);
  await consumer.disconnect();
  await producer.disconnect();
  await admin.disconnect();
});

test('three consumers in one group share the partitions, rebalance on leave, and resume from commits', async () => {
  const kafka = broker.kafka('group');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'shared', numPartitions: 6 }] });
  const producer = kafka.producer();
  await producer.connect();
  const received = new Map<string, string[]>();
  const consumers: Consumer[] = [];
  const startConsumer = async (name: string): Promise<Consumer> => {
    const consumer = kafka.consumer({
      groupId: 'shared-group',
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 200,
      // Heartbeats queue behind a long-polling Fetch on the same connection: keep polls short.
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: 'shared', fromBeginning: true });
    received.set(name, []);
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.get(name)?.push(String(message.value));
      },
    });
    consumers.push(consumer);
    return consumer;
  };
  for (const name of ['a', 'b', 'c']) await startConsumer(name);
  await eventually(async () => {
    const [group] = (await admin.describeGroups(['shared-group'])).groups;
    return group?.state === 'Stable' && group.members.length === 3;
  }, 'three stable members');

  const produce = async (from: number, count: number): Promise<void> => {
    await producer.send({
      topic: 'shared',
      messages: Array.from({ length: count }, (_, i) => ({ key: `key-${from + i}`, value: `m${from + i}` })),
    });
  };
  await produce(0, 120);
  const total = (): string[] => [...received.values()].flat();
  await eventually(() => new Set(total()).size >= 120, '120 records across the group');
  const busy = [...received.values()].filter((values) => values.length > 0).length;
  assert.ok(busy >= 2, `records spread over ${busy} consumers`);

  const listed = await admin.listGroups();
  assert.ok(listed.groups.some((group) => group.groupId === 'shared-group' && group.protocolType === 'consumer'));

  await (consumers.shift() as Consumer).disconnect();
  await eventually(async () => {
    const [group] = (await admin.describeGroups(['shared-group'])).groups;
    return group?.state === 'Stable' && group.members.length === 2;
  }, 'rebalance to two members');
  await produce(120, 60);
  await eventually(() => new Set(total()).size >= 180, '180 records after the rebalance');

  for (const consumer of consumers.splice(0)) await consumer.disconnect();
  const committed = await admin.fetchOffsets({ groupId: 'shared-group', topics: ['shared'] });
  const committedTotal = committed[0]?.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
  assert.equal(committedTotal, 180, 'every consumed record is committed');

  await produce(180, 30);
  received.clear();
  await startConsumer('resumed');
  await eventually(() => (received.get('resumed')?.length ?? 0) >= 30, 'the 30 new records');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(
    [...(received.get('resumed') ?? [])].sort(),
    Array.from({ length: 30 }, (_, i) => `m${180 + i}`).sort(),
    'a restarted group resumes at its committed offsets',
  );
  for (const consumer of consumers.splice(0)) await consumer.disconnect();
  await producer.disconnect();
  await admin.disconnect();
});

test('offsets by timestamp, earliest and latest', async () => {
  const kafka = broker.kafka('offsets');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'timed', numPartitions: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: 'timed',
    messages: [
      { value: 'a', timestamp: '1000' },
      { value: 'b', timestamp: '2000' },
      { value: 'c', timestamp: '3000' },
    ],
  });
  const byTime = await admin.fetchTopicOffsetsByTimestamp('timed', 1500);
  assert.equal(byTime[0]?.offset, '1');
  const [range] = await admin.fetchTopicOffsets('timed');
  assert.equal(range?.low, '0');
  assert.equal(range?.high, '3');
  await producer.disconnect();
  await admin.disconnect();
});
