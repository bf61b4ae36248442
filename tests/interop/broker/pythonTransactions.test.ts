/**
 * confluent-kafka (librdkafka) transactions against the embedded broker: init_transactions answers
 * at once, committed and aborted transactions, and a read_committed consumer that sees only the
 * committed records (read_uncommitted sees both), plus send_offsets_to_transaction.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestBroker, type TestBroker } from '../../integration/broker/testBroker.js';
import { runTool } from './runTool.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const python = path.join(repoRoot, '.cache', 'venv', 'bin', 'python');

const transactionsScript = `
import json, sys, time
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
bootstrap = sys.argv[1]
admin = AdminClient({'bootstrap.servers': bootstrap})
for future in admin.create_topics([NewTopic('py-tx', 2, 1)]).values():
    future.result(timeout=15)

producer = Producer({'bootstrap.servers': bootstrap, 'transactional.id': 'py-tx-id'})
# Raises if the broker refuses (it used to answer a retriable error until the timeout ran out).
producer.init_transactions(20)

producer.begin_transaction()
for i in range(5):
    producer.produce('py-tx', key=f'k{i}', value=f'committed-{i}')
producer.commit_transaction(20)

producer.begin_transaction()
for i in range(5):
    producer.produce('py-tx', key=f'k{i}', value=f'aborted-{i}')
producer.flush(20)
producer.abort_transaction(20)

producer.begin_transaction()
producer.produce('py-tx', key='k0', value='committed-last')
group_consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'py-tx-group'})
producer.send_offsets_to_transaction([TopicPartition('py-tx', 0, 3)], group_consumer.consumer_group_metadata(), 20)
producer.commit_transaction(20)
group_consumer.close()

def read_all(isolation, expected):
    consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': f'py-tx-{isolation}',
                         'auto.offset.reset': 'earliest', 'isolation.level': isolation, 'enable.auto.commit': False})
    consumer.subscribe(['py-tx'])
    values, deadline = [], time.monotonic() + 20
    while time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is None:
            if len(values) >= expected:
                break
            continue
        if message.error():
            raise SystemExit(str(message.error()))
        values.append(message.value().decode())
    consumer.close()
    return sorted(values)

checker = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'py-tx-group'})
committed = checker.committed([TopicPartition('py-tx', 0)], timeout=15)[0].offset
checker.close()
print(json.dumps({'committed_offset': committed,
                  'read_committed': read_all('read_committed', 6),
                  'read_uncommitted': read_all('read_uncommitted', 11)}))
`;

let broker: TestBroker;
before(async () => {
  if (!fs.existsSync(python)) throw new Error(`${python} is missing: run scripts/setup/python.sh`);
  broker = await startTestBroker();
});
after(async () => {
  await broker?.stop();
});

test('confluent-kafka transactions: commit, abort, send_offsets, read_committed sees committed only', async () => {
  const result = await runTool(python, ['-c', transactionsScript, broker.broker.bootstrap], '', 120_000);
  assert.equal(result.code, 0, result.stderr);
  const out = JSON.parse(result.stdout) as {
    committed_offset: number;
    read_committed: string[];
    read_uncommitted: string[];
  };
  const committed = [...Array.from({ length: 5 }, (_, i) => `committed-${i}`), 'committed-last'].sort();
  const aborted = Array.from({ length: 5 }, (_, i) => `aborted-${i}`);
  assert.deepEqual(out.read_committed, committed);
  assert.deepEqual(out.read_uncommitted, [...committed, ...aborted].sort());
  assert.equal(out.committed_offset, 3);
});
