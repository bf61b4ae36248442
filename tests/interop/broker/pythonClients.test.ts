import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestBroker, type TestBroker } from '../../integration/broker/testBroker.js';
import { runTool } from './runTool.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const python = path.join(repoRoot, '.cache', 'venv', 'bin', 'python');

// Produces 200 keyed records with headers (lz4 and zstd), then consumes them in a group and commits.
const roundTrip = `
import json, sys
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
bootstrap = sys.argv[1]
for codec in ('lz4', 'zstd'):
    producer = Producer({'bootstrap.servers': bootstrap, 'compression.type': codec, 'enable.idempotence': True})
    for i in range(100):
        producer.produce('py-topic', key=f'k{i}', value=f'{codec}-{i}', headers=[('source', b'python')])
    assert producer.flush(20) == 0
topics = AdminClient({'bootstrap.servers': bootstrap}).list_topics(timeout=10).topics
consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'py-group', 'auto.offset.reset': 'earliest',
                     'enable.auto.commit': False})
consumer.subscribe(['py-topic'])
values, headers = [], set()
while len(values) < 200:
    message = consumer.poll(10)
    if message is None:
        break
    if message.error():
        raise SystemExit(str(message.error()))
    values.append(message.value().decode())
    headers.update(v for _, v in (message.headers() or []))
consumer.commit(asynchronous=False)
committed = consumer.committed([TopicPartition('py-topic', p) for p in range(len(topics['py-topic'].partitions))], timeout=10)
consumer.close()
print(json.dumps({'values': values, 'headers': [h.decode() for h in headers],
                  'committed': sum(tp.offset for tp in committed if tp.offset >= 0)}))
`;

// kafka-python speaks its own protocol versions: admin, gzip produce with acks=all, group consume, commit.
const kafkaPythonRoundTrip = `
import json, sys
from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
bootstrap = sys.argv[1]
admin = KafkaAdminClient(bootstrap_servers=bootstrap)
admin.create_topics([NewTopic('kp-topic', 2, 1)])
producer = KafkaProducer(bootstrap_servers=bootstrap, compression_type='gzip', acks='all')
for i in range(50):
    producer.send('kp-topic', key=b'k%d' % i, value=b'v%d' % i)
producer.flush()
consumer = KafkaConsumer('kp-topic', bootstrap_servers=bootstrap, group_id='kp-group', auto_offset_reset='earliest',
                         enable_auto_commit=False, consumer_timeout_ms=5000)
values = [message.value.decode() for message in consumer]
consumer.commit()
committed = sum(consumer.committed(TopicPartition('kp-topic', p)) or 0 for p in (0, 1))
consumer.close()
print(json.dumps({'topics': admin.list_topics(), 'values': values, 'committed': committed}))
`;

let broker: TestBroker;
before(async () => {
  if (!fs.existsSync(python)) throw new Error(`${python} is missing: run scripts/setup/python.sh`);
  broker = await startTestBroker({ defaultPartitions: 2 });
});
after(async () => {
  await broker?.stop();
});

test('python confluent-kafka produces (lz4, zstd, idempotent) and consumes in a group with commits', async () => {
  const result = await runTool(python, ['-c', roundTrip, broker.broker.bootstrap], '', 60_000);
  assert.equal(result.code, 0, result.stderr);
  const outcome = JSON.parse(result.stdout) as { values: string[]; headers: string[]; committed: number };
  const expected = ['lz4', 'zstd'].flatMap((codec) => Array.from({ length: 100 }, (_, i) => `${codec}-${i}`));
  assert.deepEqual([...outcome.values].sort(), expected.sort());
  assert.deepEqual(outcome.headers, ['python']);
  assert.equal(outcome.committed, 200);
});

test('python kafka-python creates a topic, produces gzip with acks=all and consumes in a group', async () => {
  const result = await runTool(python, ['-c', kafkaPythonRoundTrip, broker.broker.bootstrap], '', 60_000);
  assert.equal(result.code, 0, result.stderr);
  const outcome = JSON.parse(result.stdout) as { topics: string[]; values: string[]; committed: number };
  assert.ok(outcome.topics.includes('kp-topic'));
  assert.deepEqual([...outcome.values].sort(), Array.from({ length: 50 }, (_, i) => `v${i}`).sort());
  assert.equal(outcome.committed, 50);
});
