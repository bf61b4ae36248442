/**
 * The admin APIs tools use, through kafkajs's admin client (DescribeConfigs, AlterConfigs,
 * CreatePartitions, DeleteRecords, DeleteGroups, describeCluster) and raw frames for the two
 * flexible APIs kafkajs never sends (DescribeCluster, IncrementalAlterConfigs). Changes take effect
 * and survive a restart.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import kafkajs from 'kafkajs';
import { ErrorCode } from '../../../local/broker/protocol/errors.js';
import type { Writer } from '../../../local/broker/protocol/Writer.js';
import { RawClient } from './rawClient.js';
import { eventually, startTestBroker, type TestBroker } from './testBroker.js';

const { ConfigResourceTypes } = kafkajs;

const NODE_ID = 7;
let broker: TestBroker;
before(async () => {
  broker = await startTestBroker({ nodeId: NODE_ID, retentionCheckIntervalMs: 50 });
});
after(async () => {
  await broker.stop();
});

async function withAdmin<T>(
  use: (admin: ReturnType<ReturnType<TestBroker['kafka']>['admin']>) => Promise<T>,
): Promise<T> {
  const admin = broker.kafka('admin-apis').admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

async function topicConfig(topic: string, name: string): Promise<{ value: string; isDefault: boolean }> {
  return withAdmin(async (admin) => {
    const described = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
      includeSynonyms: false,
    });
    const entry = described.resources[0]?.configEntries[0];
    assert.ok(entry !== undefined, `${topic} has ${name}`);
    return { value: entry.configValue, isDefault: entry.isDefault };
  });
}

test('describeCluster reports the configured node id as broker and controller', async () => {
  const cluster = await withAdmin((admin) => admin.describeCluster());
  assert.equal(cluster.controller, NODE_ID);
  assert.deepEqual(
    cluster.brokers.map((b) => b.nodeId),
    [NODE_ID],
  );
});

test('topic configs: described, altered, refused when invalid, and effective', async () => {
  await withAdmin(async (admin) => {
    await admin.createTopics({
      topics: [{ topic: 'configured', numPartitions: 1, configEntries: [{ name: 'segment.bytes', value: '4096' }] }],
    });
    const described = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'configured' }],
      includeSynonyms: false,
    });
    const entries = new Map(described.resources[0]?.configEntries.map((e) => [e.configName, e]));
    assert.equal(entries.get('segment.bytes')?.configValue, '4096');
    assert.equal(entries.get('segment.bytes')?.isDefault, false);
    assert.equal(entries.get('retention.ms')?.isDefault, true);
    assert.equal(entries.get('cleanup.policy')?.configValue, 'delete');
    assert.equal(entries.get('cleanup.policy')?.readOnly, true);
    await assert.rejects(
      admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: 'configured',
            configEntries: [{ name: 'retention.ms', value: 'x' }],
          },
        ],
      }),
      (error: Error & { type?: string }) => error.type === 'INVALID_CONFIG',
    );
    const broker = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.BROKER, name: String(NODE_ID) }],
      includeSynonyms: false,
    });
    const brokerEntries = new Map(broker.resources[0]?.configEntries.map((e) => [e.configName, e.configValue]));
    assert.equal(brokerEntries.get('node.id'), String(NODE_ID));
    assert.equal(brokerEntries.get('num.partitions'), '4');
  });
  const kafka = broker.kafka('retention');
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'configured', acks: -1, messages: [{ value: 'old' }, { value: 'older' }] });
  await producer.disconnect();
  // AlterConfigs replaces the whole set: segment.bytes goes back to the default, retention.ms is set.
  await withAdmin((admin) =>
    admin.alterConfigs({
      validateOnly: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: 'configured', configEntries: [{ name: 'retention.ms', value: '1' }] },
      ],
    }),
  );
  assert.deepEqual(await topicConfig('configured', 'segment.bytes'), {
    value: String(256 * 1024 * 1024),
    isDefault: true,
  });
  await eventually(async () => {
    const [offsets] = await withAdmin((admin) => admin.fetchTopicOffsets('configured'));
    return offsets?.low === '2' && offsets.high === '2';
  }, 'retention.ms=1 deletes the two records');
});

test('createPartitions grows a topic within the limits; shrinking is refused', async () => {
  await withAdmin(async (admin) => {
    await admin.createTopics({ topics: [{ topic: 'growing', numPartitions: 2 }] });
    await admin.createPartitions({ topicPartitions: [{ topic: 'growing', count: 5 }] });
    const metadata = await admin.fetchTopicMetadata({ topics: ['growing'] });
    assert.equal(metadata.topics[0]?.partitions.length, 5);
    await assert.rejects(
      admin.createPartitions({ topicPartitions: [{ topic: 'growing', count: 3 }] }),
      (error: Error & { type?: string }) => error.type === 'INVALID_PARTITIONS',
    );
    await assert.rejects(
      admin.createPartitions({ topicPartitions: [{ topic: 'growing', count: 5000 }] }),
      (error: Error & { type?: string }) => error.type === 'INVALID_PARTITIONS' || error.type === 'POLICY_VIOLATION',
    );
  });
  const producer = broker.kafka('grow').producer();
  await producer.connect();
  const [result] = await producer.send({
    topic: 'growing',
    acks: -1,
    messages: [{ partition: 4, value: 'new partition' }],
  });
  await producer.disconnect();
  assert.equal(result?.partition, 4);
});

test('deleteTopicRecords moves the low watermark, and consumers start there', async () => {
  const kafka = broker.kafka('delete-records');
  await withAdmin((admin) => admin.createTopics({ topics: [{ topic: 'trimmed', numPartitions: 1 }] }));
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: 'trimmed',
    acks: -1,
    messages: Array.from({ length: 10 }, (_, i) => ({ value: `v${i}` })),
  });
  await producer.disconnect();
  await withAdmin(async (admin) => {
    // kafkajs's deleteTopicRecords needs the topic's metadata loaded first.
    await admin.fetchTopicMetadata({ topics: ['trimmed'] });
    await admin.deleteTopicRecords({ topic: 'trimmed', partitions: [{ partition: 0, offset: '6' }] });
    const [offsets] = await admin.fetchTopicOffsets('trimmed');
    assert.equal(offsets?.low, '6');
    await assert.rejects(admin.deleteTopicRecords({ topic: 'trimmed', partitions: [{ partition: 0, offset: '99' }] }));
  });
  const consumer = kafka.consumer({ groupId: 'trimmed-reader', maxWaitTimeInMs: 50 });
  await consumer.connect();
  const seen: string[] = [];
  try {
    await consumer.subscribe({ topic: 'trimmed', fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(String(message.value));
      },
    });
    await eventually(() => seen.length >= 4, 'the four records after the low watermark');
  } finally {
    await consumer.disconnect();
  }
  assert.deepEqual(seen, ['v6', 'v7', 'v8', 'v9']);
});

test('deleteGroups removes an empty group and its offsets, refuses a live one', async () => {
  const kafka = broker.kafka('delete-groups');
  await withAdmin((admin) => admin.createTopics({ topics: [{ topic: 'grouped', numPartitions: 1 }] }));
  const consumer = kafka.consumer({ groupId: 'live-group', maxWaitTimeInMs: 50 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: 'grouped', fromBeginning: true });
    await consumer.run({ eachMessage: async () => undefined });
    await withAdmin(async (admin) => {
      await admin.setOffsets({ groupId: 'idle-group', topic: 'grouped', partitions: [{ partition: 0, offset: '0' }] });
      await eventually(
        async () => (await admin.describeGroups(['live-group'])).groups[0]?.state === 'Stable',
        'live group stable',
      );
      const deleted = await admin.deleteGroups(['idle-group']);
      assert.deepEqual(
        deleted.map((r) => [r.groupId, r.errorCode]),
        [['idle-group', ErrorCode.NONE]],
      );
      assert.deepEqual(await admin.fetchOffsets({ groupId: 'idle-group', topics: ['grouped'] }), [
        { topic: 'grouped', partitions: [{ partition: 0, offset: '-1', metadata: null }] },
      ]);
      const refused = await admin.deleteGroups(['live-group', 'never-existed']).then(
        () => [],
        (error: { groups: { groupId: string; errorCode: number }[] }) => error.groups,
      );
      assert.deepEqual(
        new Map(refused.map((r) => [r.groupId, r.errorCode])),
        new Map([
          ['live-group', ErrorCode.NON_EMPTY_GROUP],
          ['never-existed', ErrorCode.GROUP_ID_NOT_FOUND],
        ]),
      );
      const listed = (await admin.listGroups()).groups.map((g) => g.groupId);
      assert.ok(!listed.includes('idle-group'), `idle-group deleted: ${listed.join(', ')}`);
      assert.ok(listed.includes('live-group'));
    });
  } finally {
    await consumer.disconnect();
  }
});

const INCREMENTAL_ALTER_CONFIGS = 44;
const DESCRIBE_CLUSTER = 60;

test('DescribeCluster v0-v1 and IncrementalAlterConfigs v0-v1 in their flexible encodings', async () => {
  const client = await RawClient.connect(broker.broker.port);
  try {
    for (const version of [0, 1]) {
      client.send(DESCRIBE_CLUSTER, version, 100 + version, (w: Writer) => {
        w.emptyTaggedFields().bool(false);
        if (version >= 1) w.int8(1);
        w.emptyTaggedFields();
      });
      const { correlationId, body } = await client.next();
      assert.equal(correlationId, 100 + version);
      body.skipTaggedFields();
      body.int32();
      assert.equal(body.int16(), ErrorCode.NONE);
      assert.equal(body.compactNullableString(), null);
      if (version >= 1) assert.equal(body.int8(), 1);
      assert.equal(body.compactString(), 'lakehouse-embedded');
      assert.equal(body.int32(), NODE_ID);
      const brokers = body.compactArray((r) => {
        const node = { nodeId: r.int32(), host: r.compactString(), port: r.int32(), rack: r.compactNullableString() };
        r.skipTaggedFields();
        return node;
      });
      assert.deepEqual(brokers, [{ nodeId: NODE_ID, host: '127.0.0.1', port: broker.broker.port, rack: null }]);
      body.int32();
      body.skipTaggedFields();
      assert.equal(body.remaining, 0);
    }
    await withAdmin((admin) => admin.createTopics({ topics: [{ topic: 'incremental', numPartitions: 1 }] }));
    const changes = [
      { name: 'retention.bytes', operation: 0, value: '123456' },
      { name: 'cleanup.policy', operation: 2, value: 'compact' },
    ];
    for (const version of [0, 1]) {
      client.send(INCREMENTAL_ALTER_CONFIGS, version, 200 + version, (w: Writer) => {
        const flexible = version >= 1;
        if (flexible) w.emptyTaggedFields();
        const writeString = (value: string | null) => (flexible ? w.compactString(value) : w.nullableString(value));
        const resources = [
          { name: 'incremental', configs: changes.slice(0, 1) },
          { name: 'incremental', configs: changes.slice(1) },
        ];
        if (flexible) w.unsignedVarint(resources.length + 1);
        else w.int32(resources.length);
        for (const resource of resources) {
          w.int8(2);
          writeString(resource.name);
          if (flexible) w.unsignedVarint(resource.configs.length + 1);
          else w.int32(resource.configs.length);
          for (const change of resource.configs) {
            writeString(change.name);
            w.int8(change.operation);
            writeString(change.value);
            if (flexible) w.emptyTaggedFields();
          }
          if (flexible) w.emptyTaggedFields();
        }
        w.bool(false);
        if (flexible) w.emptyTaggedFields();
      });
      const { correlationId, body } = await client.next();
      assert.equal(correlationId, 200 + version);
      if (version >= 1) body.skipTaggedFields();
      body.int32();
      const readResult = () => {
        const result =
          version >= 1
            ? {
                errorCode: body.int16(),
                message: body.compactNullableString(),
                type: body.int8(),
                name: body.compactString(),
              }
            : { errorCode: body.int16(), message: body.nullableString(), type: body.int8(), name: body.string() };
        if (version >= 1) body.skipTaggedFields();
        return result;
      };
      const results = version >= 1 ? body.compactArray(readResult) : body.array(readResult);
      assert.deepEqual(
        results.map((r) => r.errorCode),
        [ErrorCode.NONE, ErrorCode.INVALID_CONFIG],
        `v${version}`,
      );
      assert.match(results[1]?.message ?? '', /cleanup\.policy is not a list config/);
    }
  } finally {
    client.close();
  }
  assert.deepEqual(await topicConfig('incremental', 'retention.bytes'), { value: '123456', isDefault: false });
});

test('configs, new partitions and low watermarks survive a restart', async () => {
  const { dataDir } = broker;
  await broker.broker.close();
  broker = await startTestBroker({ dataDir, nodeId: NODE_ID });
  assert.deepEqual(await topicConfig('incremental', 'retention.bytes'), { value: '123456', isDefault: false });
  await withAdmin(async (admin) => {
    const metadata = await admin.fetchTopicMetadata({ topics: ['growing'] });
    assert.equal(metadata.topics[0]?.partitions.length, 5);
    const [offsets] = await admin.fetchTopicOffsets('trimmed');
    assert.equal(offsets?.low, '6');
    assert.equal(offsets?.high, '10');
  });
});
