/**
 * A whole broker starts on a data folder left damaged by crashes and careless hands: it repairs or
 * skips each problem with a warning that names the path, and kafkajs clients get the rest served,
 * data written before the damage included.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { type RunningBroker, startBroker } from '../../../local/broker/index.js';
import { TopicMarkers } from '../../../local/broker/log/TopicMarkers.js';
import { buildBatch } from '../../unit/broker/recordBatchBuilder.js';
import { eventually, kafkaClient, startTestBroker, tempDataDir } from './testBroker.js';

const limits = { maxPartitionsPerTopic: 16, maxPartitions: 64 };

async function start(dataDir: string): Promise<{ broker: RunningBroker; warnings: string[] }> {
  const warnings: string[] = [];
  const broker = await startBroker({ dataDir, port: 0, fsync: 'never', ...limits, onProblem: (m) => warnings.push(m) });
  return { broker, warnings };
}

function expectWarnings(warnings: readonly string[], patterns: readonly RegExp[]): void {
  for (const pattern of patterns) {
    assert.ok(
      warnings.some((w) => pattern.test(w)),
      `no warning matches ${pattern}:\n${warnings.join('\n')}`,
    );
  }
}

test('every kind of damage is repaired or skipped with a warning, and the rest is served', async () => {
  const dataDir = tempDataDir();
  const topics = path.join(dataDir, 'topics');
  try {
    const first = await startTestBroker({ dataDir, ...limits });
    const kafka = first.kafka('before');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'orders', numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '86400000' }] },
        { topic: 'old', numPartitions: 2 },
      ],
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const before = Array.from({ length: 30 }, (_, i) => ({ partition: i % 3, value: `before-${i}` }));
    await producer.send({ topic: 'orders', acks: -1, messages: before });
    await producer.disconnect();
    await first.broker.close();

    // An interrupted creation, an interrupted deletion, a torn write, a garbled config file, a bare
    // partition directory, a topic past the limits, a segment path that is a directory, stray files.
    const markers = new TopicMarkers(topics);
    markers.write('creating', 'half', 4);
    fs.mkdirSync(path.join(topics, 'half-0'));
    markers.write('deleting', 'old', 2);
    fs.rmSync(path.join(topics, 'old-0'), { recursive: true });
    fs.appendFileSync(
      path.join(topics, 'orders-1', '00000000000000000000.log'),
      buildBatch([{ value: 'torn' }]).subarray(0, 30),
    );
    fs.writeFileSync(path.join(dataDir, 'topic-configs', 'orders.json'), '{"retention.ms": "8640');
    fs.mkdirSync(path.join(topics, 'bare-0'));
    for (let partition = 0; partition < 20; partition++) fs.mkdirSync(path.join(topics, `wide-${partition}`));
    fs.mkdirSync(path.join(topics, 'broken-0', '00000000000000000000.log'), { recursive: true });
    fs.writeFileSync(path.join(topics, 'README'), 'notes');
    fs.appendFileSync(path.join(dataDir, 'group-offsets.jsonl'), '{"g":"x","t":"orders","p":0,"o":');

    const { broker, warnings } = await start(dataDir);
    try {
      expectWarnings(warnings, [
        new RegExp(`${markers.fileOf('creating', 'half')}: the creation of topic half with 4 partitions`),
        new RegExp(`${markers.fileOf('deleting', 'old')}: the deletion of topic old was interrupted`),
        /orders-1: .*(torn|truncat|cut)/i,
        new RegExp(`${path.join(dataDir, 'topic-configs', 'orders.json')} ignored`),
        /topic wide \(20 partitions on disk\) not loaded.*BROKER_MAX_PARTITIONS_PER_TOPIC/,
        /topic broken not loaded, its files are kept/,
        new RegExp(`ignoring ${path.join(topics, 'README')}`),
        /group-offsets\.jsonl.*skipped 1 torn or unreadable line/,
      ]);
      const kafka = kafkaClient(broker.bootstrap, 'after');
      const admin = kafka.admin();
      await admin.connect();
      const { topics: served } = await admin.fetchTopicMetadata({ topics: [] });
      await admin.disconnect();
      const partitionsOf = Object.fromEntries(served.map((topic) => [topic.name, topic.partitions.length]));
      assert.deepEqual(partitionsOf, { bare: 1, half: 4, orders: 3 });

      const producer = kafka.producer();
      await producer.connect();
      await producer.send({
        topic: 'half',
        acks: -1,
        messages: [0, 1, 2, 3].map((partition) => ({ partition, value: `half-${partition}` })),
      });
      await producer.send({ topic: 'orders', acks: -1, messages: [{ partition: 1, value: 'after' }] });
      await producer.disconnect();

      const seen = new Set<string>();
      const consumer = kafka.consumer({ groupId: 'after-damage', maxWaitTimeInMs: 50 });
      await consumer.connect();
      await consumer.subscribe({ topics: ['orders', 'half'], fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          seen.add(String(message.value));
        },
      });
      await eventually(() => seen.size >= before.length + 5, 'every record, old and new');
      await consumer.disconnect();
      for (const { value } of before) assert.ok(seen.has(value), `${value} survived`);
      assert.ok(seen.has('after') && seen.has('half-3'));
      assert.equal(seen.has('torn'), false);
    } finally {
      await broker.close();
    }

    const again = await start(dataDir);
    await again.broker.close();
    assert.deepEqual(
      again.warnings.filter((w) => /interrupted|torn/.test(w)),
      [],
      'what was repaired stays repaired',
    );
    assert.ok(fs.existsSync(path.join(topics, 'wide-19')), 'a skipped topic keeps its files');
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a folder holding 60,000 partition directories of one topic starts at once and serves the others', async (t) => {
  const dataDir = tempDataDir();
  const topics = path.join(dataDir, 'topics');
  try {
    fs.mkdirSync(topics, { recursive: true });
    for (let partition = 0; partition < 60_000; partition++) fs.mkdirSync(path.join(topics, `flood-${partition}`));
    fs.mkdirSync(path.join(topics, 'calm-0'));
    const started = Date.now();
    const { broker, warnings } = await start(dataDir);
    const seconds = (Date.now() - started) / 1000;
    try {
      t.diagnostic(`started on 60,000 partition directories in ${seconds} s`);
      // Loading once copied a growing list per directory: 100,000 of them took more than 120 s.
      assert.ok(seconds < 20, `started in ${seconds} s`);
      expectWarnings(warnings, [/topic flood \(60000 partitions on disk\) not loaded.*limit of 16 per topic/]);
      const kafka = kafkaClient(broker.bootstrap, 'after');
      const producer = kafka.producer();
      await producer.connect();
      const [sent] = await producer.send({ topic: 'calm', acks: -1, messages: [{ partition: 0, value: 'ok' }] });
      await producer.disconnect();
      assert.equal(sent?.errorCode, 0);
    } finally {
      await broker.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
