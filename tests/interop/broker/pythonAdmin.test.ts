/**
 * confluent-kafka's AdminClient (librdkafka) against the embedded broker: the admin APIs at the
 * versions librdkafka picks, including the flexible ones kafkajs never sends (DescribeCluster,
 * IncrementalAlterConfigs v1), and Kafka's error codes for bad CreateTopics requests (librdkafka
 * itself refuses negative counts and more than 100,000 partitions before sending).
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

const adminScript = `
import json, sys, warnings
from confluent_kafka import Producer, TopicPartition, Consumer
from confluent_kafka.admin import (AdminClient, NewTopic, NewPartitions, ConfigResource, ConfigEntry,
                                   AlterConfigOpType, ResourceType)
bootstrap = sys.argv[1]
admin = AdminClient({'bootstrap.servers': bootstrap})
out = {}

def outcome(future):
    try:
        future.result(timeout=15)
        return 'ok'
    except Exception as error:
        return error.args[0].name() if error.args and hasattr(error.args[0], 'name') else repr(error)

cluster = admin.describe_cluster(request_timeout=15).result(timeout=15)
out['cluster'] = {'id': cluster.cluster_id, 'controller': cluster.controller.id, 'nodes': [n.id for n in cluster.nodes]}

created = admin.create_topics([NewTopic('py-admin', 2, 1, config={'retention.ms': '86400000'}),
                               NewTopic('py-replicated', 1, 3), NewTopic('bad/name', 1, 1)])
out['create'] = {topic: outcome(future) for topic, future in created.items()}
huge = admin.create_topics([NewTopic('py-small', 1, 1), NewTopic('py-huge', 50000, 1)])
out['create_huge'] = {topic: outcome(future) for topic, future in huge.items()}

topic = ConfigResource(ResourceType.TOPIC, 'py-admin')
described = admin.describe_configs([topic])[topic].result(timeout=15)
out['retention'] = described['retention.ms'].value
out['retention_default'] = described['retention.ms'].is_default

incremental = ConfigResource(ResourceType.TOPIC, 'py-admin', incremental_configs=[
    ConfigEntry('retention.bytes', '999999', incremental_operation=AlterConfigOpType.SET),
    ConfigEntry('retention.ms', None, incremental_operation=AlterConfigOpType.DELETE)])
out['incremental'] = outcome(admin.incremental_alter_configs([incremental])[incremental])
described = admin.describe_configs([topic])[topic].result(timeout=15)
out['after_incremental'] = {name: [described[name].value, described[name].is_default]
                            for name in ('retention.bytes', 'retention.ms')}

bad = ConfigResource(ResourceType.TOPIC, 'py-admin', set_config={'no.such.config': '1'})
with warnings.catch_warnings():
    warnings.simplefilter('ignore', DeprecationWarning)
    out['alter_bad'] = outcome(admin.alter_configs([bad])[bad])

out['grow'] = outcome(admin.create_partitions([NewPartitions('py-admin', 4)])['py-admin'])
metadata = admin.list_topics(timeout=15)
out['partitions'] = len(metadata.topics['py-admin'].partitions)

producer = Producer({'bootstrap.servers': bootstrap})
for i in range(10):
    producer.produce('py-admin', value=f'v{i}', partition=3)
assert producer.flush(15) == 0
deleted = admin.delete_records([TopicPartition('py-admin', 3, 7)])
out['low_watermark'] = list(deleted.values())[0].result(timeout=15).low_watermark

consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'py-admin-group', 'enable.auto.commit': False})
consumer.commit(offsets=[TopicPartition('py-admin', 3, 8)], asynchronous=False)
consumer.close()
out['delete_groups'] = {group: outcome(future) for group, future in admin.delete_consumer_groups(['py-admin-group', 'py-none'], request_timeout=15).items()}
print(json.dumps(out))
`;

let broker: TestBroker;
before(async () => {
  if (!fs.existsSync(python)) throw new Error(`${python} is missing: run scripts/setup/python.sh`);
  broker = await startTestBroker({ nodeId: 3 });
});
after(async () => {
  await broker?.stop();
});

test('confluent-kafka AdminClient: describe_cluster, topic validation, configs, partitions, records, groups', async () => {
  const result = await runTool(python, ['-c', adminScript, broker.broker.bootstrap], '', 90_000);
  assert.equal(result.code, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  assert.deepEqual(out.cluster, { id: 'lakehouse-embedded', controller: 3, nodes: [3] });
  assert.deepEqual(out.create, {
    'py-admin': 'ok',
    'py-replicated': 'INVALID_REPLICATION_FACTOR',
    'bad/name': 'TOPIC_EXCEPTION',
  });
  // Past the per-request bound Kafka refuses the whole request, the small topic beside the huge one too.
  assert.deepEqual(out.create_huge, { 'py-small': 'POLICY_VIOLATION', 'py-huge': 'POLICY_VIOLATION' });
  assert.equal(out.retention, '86400000');
  assert.equal(out.retention_default, false);
  assert.equal(out.incremental, 'ok');
  assert.deepEqual(out.after_incremental, {
    'retention.bytes': ['999999', false],
    'retention.ms': [String(7 * 24 * 3600 * 1000), true],
  });
  assert.equal(out.alter_bad, 'INVALID_CONFIG');
  assert.equal(out.grow, 'ok');
  assert.equal(out.partitions, 4);
  assert.equal(out.low_watermark, 7);
  assert.deepEqual(out.delete_groups, { 'py-admin-group': 'ok', 'py-none': 'GROUP_ID_NOT_FOUND' });
});
