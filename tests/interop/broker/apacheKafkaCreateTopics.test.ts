/**
 * Apache Kafka 4.1 as the oracle for CreateTopics validation: the same request frames go to a
 * real Kafka (scripts/setup/kafka.sh) and to the embedded broker, and every topic must get the
 * same error code from both (messages are each broker's own). Past the per-request partition
 * bound Kafka refuses the whole request with POLICY_VIOLATION; so must the embedded broker.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Writer } from '../../../local/broker/protocol/Writer.js';
import { type ApacheKafka, startApacheKafka } from '../../helpers/apacheKafka.js';
import { RawClient } from '../../integration/broker/rawClient.js';
import { startTestBroker, type TestBroker } from '../../integration/broker/testBroker.js';

interface TopicAsk {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly assignments?: readonly { partition: number; brokers: readonly number[] }[];
}

const CREATE_TOPICS = 19;
/** The newest version both brokers speak (the embedded broker answers v0-v3, Kafka 4.1 v2-v7). */
const VERSION = 3;

let kafka: ApacheKafka;
let embedded: TestBroker;
before(async () => {
  const started = await startApacheKafka('512m');
  if (typeof started === 'string') throw new Error(`Apache Kafka ${started}`);
  kafka = started;
  embedded = await startTestBroker({ nodeId: 1 });
});
after(async () => {
  await kafka?.stop();
  await embedded?.stop();
});

/** Sends one CreateTopics request and returns its answers as [topic, error code], sorted by topic. */
async function createTopics(port: number, topics: readonly TopicAsk[], validateOnly: boolean): Promise<string[]> {
  const client = await RawClient.connect(port);
  try {
    client.send(CREATE_TOPICS, VERSION, 1, (w: Writer) => {
      w.array(topics, (tw, topic) => {
        tw.string(topic.name).int32(topic.partitions).int16(topic.replicationFactor);
        tw.array(topic.assignments ?? [], (aw, a) => aw.int32(a.partition).array(a.brokers, (bw, b) => bw.int32(b)));
        tw.array([], () => undefined);
      });
      w.int32(15_000).bool(validateOnly);
    });
    const { body } = await client.next(30_000);
    body.int32();
    const answers: string[] = [];
    const count = body.int32();
    for (let i = 0; i < count; i++) {
      const name = body.string();
      const code = body.int16();
      body.nullableString();
      answers.push(`${name.length > 40 ? `${name.slice(0, 8)}...(${name.length})` : name}: ${code}`);
    }
    return answers.sort();
  } finally {
    client.close();
  }
}

async function sameAnswers(topics: readonly TopicAsk[], validateOnly: boolean): Promise<string[]> {
  const fromKafka = await createTopics(kafka.port, topics, validateOnly);
  const fromEmbedded = await createTopics(embedded.broker.port, topics, validateOnly);
  assert.deepEqual(fromEmbedded, fromKafka, 'embedded broker answers as Apache Kafka does');
  return fromKafka;
}

const shapes: TopicAsk[] = [
  { name: 'negative', partitions: -5, replicationFactor: 1 },
  { name: 'zero', partitions: 0, replicationFactor: 1 },
  { name: 'three-replicas', partitions: 1, replicationFactor: 3 },
  { name: 'zero-replicas', partitions: 1, replicationFactor: 0 },
  { name: 'negative-replicas', partitions: 1, replicationFactor: -5 },
  { name: 'bad name!', partitions: 1, replicationFactor: 1 },
  { name: 'slash/name', partitions: 1, replicationFactor: 1 },
  { name: '.', partitions: 1, replicationFactor: 1 },
  { name: '..', partitions: 1, replicationFactor: 1 },
  { name: '', partitions: 1, replicationFactor: 1 },
  { name: 'x'.repeat(250), partitions: 1, replicationFactor: 1 },
  { name: 'x'.repeat(249), partitions: 1, replicationFactor: 1 },
  { name: 'twice', partitions: 1, replicationFactor: 1 },
  { name: 'twice', partitions: 1, replicationFactor: 1 },
  { name: 'other-broker', partitions: -1, replicationFactor: -1, assignments: [{ partition: 0, brokers: [7] }] },
  { name: 'gap', partitions: -1, replicationFactor: -1, assignments: [{ partition: 1, brokers: [1] }] },
  { name: 'both', partitions: 2, replicationFactor: 1, assignments: [{ partition: 0, brokers: [1] }] },
  { name: 'defaulted', partitions: -1, replicationFactor: -1 },
  { name: 'plain', partitions: 3, replicationFactor: 1 },
];

test('bad partition counts, replication factors, names and assignments get the codes Kafka gives', async () => {
  const dryRun = await sameAnswers(shapes, true);
  assert.ok(dryRun.includes('negative: 37') && dryRun.includes('zero-replicas: 38') && dryRun.includes('..: 17'));
  assert.equal(dryRun.filter((answer) => answer.startsWith('twice:')).length, 1, 'a name given twice, one answer');
  const created = await sameAnswers(shapes, false);
  assert.deepEqual(created, dryRun);
  const again = await sameAnswers([{ name: 'plain', partitions: 3, replicationFactor: 1 }], false);
  assert.deepEqual(again, ['plain: 36']);
});

test('a request for a million partitions is refused whole with POLICY_VIOLATION, by both', async () => {
  for (const validateOnly of [true, false]) {
    assert.deepEqual(
      await sameAnswers([{ name: 'million', partitions: 1_000_000, replicationFactor: 1 }], validateOnly),
      ['million: 44'],
    );
    const mixed = await sameAnswers(
      [
        { name: 'small-beside', partitions: 1, replicationFactor: 1 },
        { name: 'million-beside', partitions: 1_000_000, replicationFactor: 1 },
        { name: 'negative-beside', partitions: -3, replicationFactor: 1 },
      ],
      validateOnly,
    );
    assert.deepEqual(mixed, ['million-beside: 44', 'negative-beside: 44', 'small-beside: 44']);
  }
  const split = await sameAnswers(
    [
      { name: 'six-thousand-a', partitions: 6000, replicationFactor: 1 },
      { name: 'six-thousand-b', partitions: 6000, replicationFactor: 1 },
    ],
    true,
  );
  assert.deepEqual(split, ['six-thousand-a: 44', 'six-thousand-b: 44']);
  assert.deepEqual(await sameAnswers([{ name: 'small-beside', partitions: 1, replicationFactor: 1 }], false), [
    'small-beside: 0',
  ]);
});
