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
