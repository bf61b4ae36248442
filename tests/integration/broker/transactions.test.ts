/**
 * Kafka transactions with kafkajs's own transactional producer: commit and abort markers in the
 * log, read_committed consumers that see only committed records (aborted ones filtered through the
 * Fetch response's aborted transactions), the last stable offset holding back readers while a
 * transaction is open, offsets committed with a transaction (sendOffsets), producer fencing by
 * epoch, and a transaction left open by a stopped broker aborted when it starts again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Kafka } from 'kafkajs';
import { eventually, startTestBroker, type TestBroker } from './testBroker.js';

let broker: TestBroker;
before(async () => {
  broker = await startTestBroker({ defaultPartitions: 1 });
});
after(async () => {
  await broker.stop();
});

async function createTopic(kafka: Kafka, topic: string, numPartitions = 1): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions }] });
  await admin.disconnect();
}

let readers = 0;

/** Everything a read_committed (or read_uncommitted) consumer sees on `topic` until `expected` values arrived and a quiet moment passed. */
async function consumeAll(kafka: Kafka, topic: string, expected: number, readUncommitted = false): Promise<string[]> {
  const consumer = kafka.consumer({
    groupId: `reader-${topic}-${++readers}`,
    maxWaitTimeInMs: 50,
    readUncommitted,
  });
  await consumer.connect();
  const seen: string[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(String(message.value));
      },
    });
    await eventually(() => seen.length >= expected, `${expected} records on ${topic}`);
    // Fetch once more past the last one, so a record that should not be seen has every chance to show.
    await new Promise((resolve) => setTimeout(resolve, 300));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

function transactionalProducer(kafka: Kafka, transactionalId: string) {
  return kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
}

test('a read_committed consumer sees committed transactions only; read_uncommitted sees both', async () => {
  const kafka = broker.kafka('tx-basic');
  await createTopic(kafka, 'tx-basic');
  const producer = transactionalProducer(kafka, 'tx-basic-id');
  await producer.connect();
  const committed = await producer.transaction();
  await committed.send({ topic: 'tx-basic', messages: [{ value: 'c1' }, { value: 'c2' }] });
  await committed.commit();
  const aborted = await producer.transaction();
  await aborted.send({ topic: 'tx-basic', messages: [{ value: 'a1' }, { value: 'a2' }, { value: 'a3' }] });
  await aborted.abort();
  const again = await producer.transaction();
  await again.send({ topic: 'tx-basic', messages: [{ value: 'c3' }] });
  await again.commit();
  await producer.disconnect();
  assert.deepEqual(await consumeAll(kafka, 'tx-basic', 3), ['c1', 'c2', 'c3']);
  assert.deepEqual((await consumeAll(kafka, 'tx-basic', 6, true)).sort(), ['a1', 'a2', 'a3', 'c1', 'c2', 'c3']);
  const admin = kafka.admin();
  await admin.connect();
  const [offsets] = await admin.fetchTopicOffsets('tx-basic');
  await admin.disconnect();
  // 6 records and 3 control markers.
  assert.equal(offsets?.high, '9');
});

test('an open transaction holds read_committed readers at its first offset until it commits', async () => {
  const kafka = broker.kafka('tx-open');
  await createTopic(kafka, 'tx-open');
  const plain = kafka.producer();
  await plain.connect();
  await plain.send({ topic: 'tx-open', acks: -1, messages: [{ value: 'before' }] });
  const producer = transactionalProducer(kafka, 'tx-open-id');
  await producer.connect();
  const open = await producer.transaction();
  await open.send({ topic: 'tx-open', messages: [{ value: 'inside' }] });
  await plain.send({ topic: 'tx-open', acks: -1, messages: [{ value: 'after' }] });
  const admin = kafka.admin();
  await admin.connect();
  // kafkajs's admin lists offsets read_committed: the latest is the last stable offset.
  const [stable] = await admin.fetchTopicOffsets('tx-open');
  assert.equal(stable?.high, '1', "the last stable offset is the open transaction's first offset");
  assert.deepEqual(await consumeAll(kafka, 'tx-open', 1), ['before'], 'nothing after the open transaction');
  await open.commit();
  assert.deepEqual(await consumeAll(kafka, 'tx-open', 3), ['before', 'inside', 'after']);
  const [decided] = await admin.fetchTopicOffsets('tx-open');
  assert.equal(decided?.high, '4', 'three records and the commit marker');
  await admin.disconnect();
  await producer.disconnect();
  await plain.disconnect();
});

test('sendOffsets commits consumer offsets with the transaction, and only if it commits', async () => {
  const kafka = broker.kafka('tx-offsets');
  await createTopic(kafka, 'tx-offsets');
  const producer = transactionalProducer(kafka, 'tx-offsets-id');
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  const committedOffset = async (): Promise<string | undefined> =>
    (await admin.fetchOffsets({ groupId: 'tx-offsets-group', topics: ['tx-offsets'] }))[0]?.partitions[0]?.offset;
  const aborted = await producer.transaction();
  await aborted.send({ topic: 'tx-offsets', messages: [{ value: 'x' }] });
  await aborted.sendOffsets({
    consumerGroupId: 'tx-offsets-group',
    topics: [{ topic: 'tx-offsets', partitions: [{ partition: 0, offset: '5' }] }],
  });
  await aborted.abort();
  assert.equal(await committedOffset(), '-1');
  const committed = await producer.transaction();
  await committed.send({ topic: 'tx-offsets', messages: [{ value: 'y' }] });
  await committed.sendOffsets({
    consumerGroupId: 'tx-offsets-group',
    topics: [{ topic: 'tx-offsets', partitions: [{ partition: 0, offset: '7' }] }],
  });
  await committed.commit();
  assert.equal(await committedOffset(), '7');
  await admin.disconnect();
  await producer.disconnect();
});

test('a second producer with the same transactional id fences the first and aborts its open transaction', async () => {
  const kafka = broker.kafka('tx-fence');
  await createTopic(kafka, 'tx-fence');
  const zombie = transactionalProducer(kafka, 'tx-fence-id');
  await zombie.connect();
  const stale = await zombie.transaction();
  await stale.send({ topic: 'tx-fence', messages: [{ value: 'zombie' }] });
  const successor = transactionalProducer(kafka, 'tx-fence-id');
  await successor.connect();
  const fresh = await successor.transaction();
  await fresh.send({ topic: 'tx-fence', messages: [{ value: 'successor' }] });
  await fresh.commit();
  await assert.rejects(stale.commit(), (error: Error & { type?: string }) => error.type === 'INVALID_PRODUCER_EPOCH');
  assert.deepEqual(await consumeAll(kafka, 'tx-fence', 1), ['successor']);
  await zombie.disconnect().catch(() => undefined);
  await successor.disconnect();
});

test('a transaction left open when the broker stops is aborted when it starts again', async () => {
  const kafka = broker.kafka('tx-restart');
  await createTopic(kafka, 'tx-restart');
  const producer = transactionalProducer(kafka, 'tx-restart-id');
  await producer.connect();
  const open = await producer.transaction();
  await open.send({ topic: 'tx-restart', messages: [{ value: 'never committed' }] });
  const plain = kafka.producer();
  await plain.connect();
  await plain.send({ topic: 'tx-restart', acks: -1, messages: [{ value: 'plain' }] });
  await plain.disconnect();
  await producer.disconnect().catch(() => undefined);
  const { dataDir } = broker;
  await broker.broker.close();
  const warnings: string[] = [];
  broker = await startTestBroker({ dataDir, defaultPartitions: 1, onProblem: (message) => warnings.push(message) });
  assert.ok(
    warnings.some((w) => /tx-restart-0: transaction of producer \d+ left open by the previous run, aborted/.test(w)),
    warnings.join('\n'),
  );
  assert.deepEqual(await consumeAll(broker.kafka('tx-restart-2'), 'tx-restart', 1), ['plain']);
});
