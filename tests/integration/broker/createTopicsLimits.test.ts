/**
 * CreateTopics is validated with Kafka's error codes and bounded: a request for a million partitions
 * is refused without creating anything, and the broker keeps serving (and restarts) afterwards.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ErrorCode } from '../../../local/broker/protocol/errors.js';
import type { Writer } from '../../../local/broker/protocol/Writer.js';
import { RawClient } from './rawClient.js';
import { eventually, startTestBroker, type TestBroker } from './testBroker.js';

const CREATE_TOPICS = 19;

interface TopicAsk {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor?: number;
  readonly assignments?: readonly { partition: number; brokers: readonly number[] }[];
  readonly configs?: readonly { name: string; value: string | null }[];
}

let broker: TestBroker;
let client: RawClient;
let correlation = 0;
before(async () => {
  broker = await startTestBroker({
    maxPartitionsPerRequest: 20,
    maxPartitionsPerTopic: 16,
    maxPartitions: 40,
    maxOpenFiles: 8,
  });
  client = await RawClient.connect(broker.broker.port);
});
after(async () => {
  client.close();
  await broker.stop();
});

/** Sends CreateTopics v3 and returns each topic's [error code, message]. */
async function createTopics(
  topics: readonly TopicAsk[],
  validateOnly = false,
): Promise<Map<string, [number, string | null]>> {
  const id = ++correlation;
  client.send(CREATE_TOPICS, 3, id, (w: Writer) => {
    w.array(topics, (tw, topic) => {
      tw.string(topic.name)
        .int32(topic.partitions)
        .int16(topic.replicationFactor ?? 1);
      tw.array(topic.assignments ?? [], (aw, a) => aw.int32(a.partition).array(a.brokers, (bw, b) => bw.int32(b)));
      tw.array(topic.configs ?? [], (cw, c) => cw.string(c.name).nullableString(c.value));
    });
    w.int32(5000).bool(validateOnly);
  });
  const { correlationId, body } = await client.next();
  assert.equal(correlationId, id);
  body.int32();
  const results = new Map<string, [number, string | null]>();
  const count = body.int32();
  for (let i = 0; i < count; i++) results.set(body.string(), [body.int16(), body.nullableString()]);
  return results;
}

function topicDirs(): string[] {
  return fs.readdirSync(path.join(broker.dataDir, 'topics'));
}

test('a million partitions in one request is refused as a whole, as Kafka does, and nothing is created', async () => {
  const results = await createTopics([
    { name: 'small-beside-huge', partitions: 1 },
    { name: 'huge', partitions: 1_000_000 },
    { name: 'negative-beside-huge', partitions: -3 },
  ]);
  assert.equal(results.size, 3);
  for (const [name, [code, message]] of results) {
    assert.equal(code, ErrorCode.POLICY_VIOLATION, name);
    assert.match(
      message ?? '',
      /1000001 partitions in total, above the limit of 20 per request \(BROKER_MAX_PARTITIONS_PER_REQUEST\)/,
    );
  }
  assert.deepEqual(
    topicDirs().filter((name) => name.includes('huge')),
    [],
  );
  const ok = await createTopics([{ name: 'after-huge', partitions: 2 }]);
  assert.equal(ok.get('after-huge')?.[0], ErrorCode.NONE);
});

/** The broker_open_segment_files gauge: segment files the broker's LRU holds open. */
async function openSegmentFiles(): Promise<number> {
  const metrics = await broker.broker.metricsRegistry.metrics();
  return Number(/broker_open_segment_files (\d+)/.exec(metrics)?.[1]);
}

function openDescriptors(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

test('kafkajs admin asking for a million partitions gets POLICY_VIOLATION; other clients keep producing, descriptors stay bounded', async (t) => {
  const kafka = broker.kafka('million-admin');
  const admin = kafka.admin();
  const producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await producer.send({ topic: 'after-huge', acks: -1, messages: [{ partition: 0, value: 'warm-up' }] });
  const descriptorsBefore = openDescriptors();
  let produced = 0;
  let stop = false;
  const otherClient = (async () => {
    while (!stop) {
      await producer.send({
        topic: 'after-huge',
        acks: -1,
        messages: [0, 1].map((partition) => ({ partition, value: `beside-${produced}` })),
      });
      produced += 2;
    }
  })();
  const refused = await admin.createTopics({ topics: [{ topic: 'kafkajs-huge', numPartitions: 1_000_000 }] }).then(
    () => assert.fail('a million partitions were accepted'),
    (error: { errors?: { type?: string; message?: string }[] }) => error,
  );
  const producedAtRefusal = produced;
  await eventually(() => produced >= producedAtRefusal + 20, 'ten more sends after the refusal');
  stop = true;
  await otherClient;
  const descriptorsAfter = openDescriptors();
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  assert.equal(refused.errors?.length, 1);
  assert.equal(refused.errors?.[0]?.type, 'POLICY_VIOLATION');
  // kafkajs shows the code's own text and drops the broker's message (the raw test above reads that).
  assert.match(refused.errors?.[0]?.message ?? '', /do not satisfy the configured policy/);
  assert.deepEqual(
    topicDirs().filter((name) => name.startsWith('kafkajs-huge-')),
    [],
  );
  t.diagnostic(`open descriptors of the process: ${descriptorsBefore} before, ${descriptorsAfter} after`);
  assert.ok(
    descriptorsAfter - descriptorsBefore <= 8,
    `descriptors grew from ${descriptorsBefore} to ${descriptorsAfter}, more than BROKER_MAX_OPEN_FILES=8`,
  );
  const segmentFiles = await openSegmentFiles();
  assert.ok(segmentFiles >= 1 && segmentFiles <= 8, `open segment files ${segmentFiles}`);
});

test('kafkajs admin: a negative or zero partition count is refused with INVALID_PARTITIONS, never defaulted', async () => {
  const admin = broker.kafka('negative-admin').admin();
  await admin.connect();
  try {
    for (const numPartitions of [-5, 0]) {
      const refused = await admin.createTopics({ topics: [{ topic: `kafkajs-${numPartitions}`, numPartitions }] }).then(
        () => assert.fail(`${numPartitions} partitions were accepted`),
        (error: { errors?: { type?: string }[] }) => error,
      );
      assert.equal(refused.errors?.[0]?.type, 'INVALID_PARTITIONS', `${numPartitions} partitions`);
    }
    assert.equal(await admin.createTopics({ topics: [{ topic: 'kafkajs-default' }] }), true);
    const [metadata] = (await admin.fetchTopicMetadata({ topics: ['kafkajs-default'] })).topics;
    assert.equal(metadata?.partitions.length, 4, 'left out, the count is the broker default');
  } finally {
    await admin.disconnect();
  }
  assert.deepEqual(
    topicDirs().filter((name) => /^kafkajs--?\d/.test(name)),
    [],
  );
});

test('bad shapes get the error code Kafka gives them', async () => {
  const results = await createTopics([
    { name: 'negative', partitions: -5 },
    { name: 'zero', partitions: 0 },
    { name: 'three-replicas', partitions: 1, replicationFactor: 3 },
    { name: 'zero-replicas', partitions: 1, replicationFactor: 0 },
    { name: 'bad name!', partitions: 1 },
    { name: '..', partitions: 1 },
    { name: 'x'.repeat(250), partitions: 1 },
    { name: 'twice', partitions: 1 },
    { name: 'twice', partitions: 1 },
    { name: 'wide', partitions: 17 },
    { name: 'other-broker', partitions: -1, replicationFactor: -1, assignments: [{ partition: 0, brokers: [7] }] },
    { name: 'gap', partitions: -1, replicationFactor: -1, assignments: [{ partition: 1, brokers: [1] }] },
    { name: 'both', partitions: 2, assignments: [{ partition: 0, brokers: [1] }] },
    { name: 'bad-config', partitions: 1, configs: [{ name: 'retention.ms', value: 'soon' }] },
    { name: 'unknown-config', partitions: 1, configs: [{ name: 'no.such.config', value: '1' }] },
    { name: 'compacted', partitions: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] },
  ]);
  const code = (name: string): number | undefined => results.get(name)?.[0];
  assert.equal(code('negative'), ErrorCode.INVALID_PARTITIONS);
  assert.equal(code('zero'), ErrorCode.INVALID_PARTITIONS);
  assert.equal(code('three-replicas'), ErrorCode.INVALID_REPLICATION_FACTOR);
  assert.equal(code('zero-replicas'), ErrorCode.INVALID_REPLICATION_FACTOR);
  assert.equal(code('bad name!'), ErrorCode.INVALID_TOPIC_EXCEPTION);
  assert.equal(code('..'), ErrorCode.INVALID_TOPIC_EXCEPTION);
  assert.equal(code('x'.repeat(250)), ErrorCode.INVALID_TOPIC_EXCEPTION);
  assert.equal(code('twice'), ErrorCode.INVALID_REQUEST);
  assert.equal(results.size, 15, 'a name given twice gets one answer');
  assert.equal(code('wide'), ErrorCode.INVALID_PARTITIONS);
  assert.match(
    results.get('wide')?.[1] ?? '',
    /17 partitions exceeds the limit of 16 per topic \(BROKER_MAX_PARTITIONS_PER_TOPIC\)/,
  );
  assert.equal(code('other-broker'), ErrorCode.INVALID_REPLICA_ASSIGNMENT);
  assert.equal(code('gap'), ErrorCode.INVALID_REPLICA_ASSIGNMENT);
  assert.equal(code('both'), ErrorCode.INVALID_REQUEST);
  assert.equal(code('bad-config'), ErrorCode.INVALID_CONFIG);
  assert.equal(code('unknown-config'), ErrorCode.INVALID_CONFIG);
  assert.equal(code('compacted'), ErrorCode.INVALID_CONFIG);
  assert.match(results.get('negative')?.[1] ?? '', /-5 partitions/);
  assert.deepEqual(
    topicDirs().filter((name) => /^(negative|zero|three-replicas|twice|gap|both|bad-config)-/.test(name)),
    [],
    'no refused topic left anything on disk',
  );
});

test('-1 partitions takes the default, an assignment its own size, and validate_only creates nothing', async () => {
  const results = await createTopics([
    { name: 'defaulted', partitions: -1, replicationFactor: -1 },
    {
      name: 'assigned',
      partitions: -1,
      replicationFactor: -1,
      assignments: [
        { partition: 1, brokers: [1] },
        { partition: 0, brokers: [1] },
      ],
    },
  ]);
  assert.equal(results.get('defaulted')?.[0], ErrorCode.NONE);
  assert.equal(results.get('assigned')?.[0], ErrorCode.NONE);
  assert.equal(topicDirs().filter((name) => name.startsWith('defaulted-')).length, 4);
  assert.equal(topicDirs().filter((name) => name.startsWith('assigned-')).length, 2);
  const dry = await createTopics([{ name: 'dry-run', partitions: 3 }], true);
  assert.equal(dry.get('dry-run')?.[0], ErrorCode.NONE);
  assert.equal(topicDirs().filter((name) => name.startsWith('dry-run-')).length, 0);
  const dryTooMany = await createTopics([{ name: 'dry-huge', partitions: 17 }], true);
  assert.equal(dryTooMany.get('dry-huge')?.[0], ErrorCode.INVALID_PARTITIONS);
});

test('a request past the per-request budget is refused whole; the broker budget refuses the topic past it', async () => {
  const perRequest = await createTopics([
    { name: 'budget-a', partitions: 12 },
    { name: 'budget-b', partitions: 12 },
  ]);
  assert.equal(perRequest.get('budget-a')?.[0], ErrorCode.POLICY_VIOLATION);
  assert.equal(perRequest.get('budget-b')?.[0], ErrorCode.POLICY_VIOLATION);
  assert.match(perRequest.get('budget-b')?.[1] ?? '', /24 partitions in total, above the limit of 20 per request/);
  assert.deepEqual(
    topicDirs().filter((name) => name.startsWith('budget-')),
    [],
  );
  const alone = await createTopics([{ name: 'budget-a', partitions: 12 }]);
  assert.equal(alone.get('budget-a')?.[0], ErrorCode.NONE);
  // after-huge 2 + kafkajs-default 4 + defaulted 4 + assigned 2 + budget-a 12 = 24 exist now; the broker holds 40.
  const first = await createTopics([{ name: 'fill-a', partitions: 16 }]);
  assert.equal(first.get('fill-a')?.[0], ErrorCode.NONE);
  const second = await createTopics([{ name: 'fill-b', partitions: 16 }]);
  assert.equal(second.get('fill-b')?.[0], ErrorCode.POLICY_VIOLATION);
  assert.match(second.get('fill-b')?.[1] ?? '', /above its limit of 40 \(BROKER_MAX_PARTITIONS\)/);
});

test('with more partitions than open files allowed, every partition still takes writes and serves reads', async () => {
  const kafka = broker.kafka('many-files');
  const producer = kafka.producer();
  await producer.connect();
  const partitions = 16;
  for (let round = 0; round < 2; round++) {
    await producer.send({
      topic: 'fill-a',
      acks: -1,
      messages: Array.from({ length: partitions }, (_, partition) => ({ partition, value: `r${round}p${partition}` })),
    });
  }
  await producer.disconnect();
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets('fill-a');
  await admin.disconnect();
  assert.equal(offsets.length, partitions);
  for (const each of offsets) assert.equal(each.high, '2', `partition ${each.partition}`);
  const consumer = kafka.consumer({ groupId: 'many-files', maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'fill-a', fromBeginning: true });
  const seen = new Set<string>();
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.add(String(message.value));
    },
  });
  const deadline = Date.now() + 20_000;
  while (seen.size < partitions * 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  await consumer.disconnect();
  assert.equal(seen.size, partitions * 2);
  const open = await openSegmentFiles();
  assert.ok(open >= 1 && open <= 8, `open segment files ${open} within BROKER_MAX_OPEN_FILES=8`);
});
