/**
 * Every API version this broker advertises, checked against kafkajs 2.2.4's own encoders and
 * decoders (its src/protocol/requests/<api>/v<N>/): each kafkajs request decodes completely
 * with our decoder, and each response we encode decodes with kafkajs to the same values.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiVersionsApi } from '../../../local/broker/protocol/apis/apiVersions.js';
import { createTopicsApi } from '../../../local/broker/protocol/apis/createTopics.js';
import { deleteTopicsApi } from '../../../local/broker/protocol/apis/deleteTopics.js';
import { describeGroupsApi } from '../../../local/broker/protocol/apis/describeGroups.js';
import { fetchApi } from '../../../local/broker/protocol/apis/fetch.js';
import { findCoordinatorApi } from '../../../local/broker/protocol/apis/findCoordinator.js';
import { heartbeatApi } from '../../../local/broker/protocol/apis/heartbeat.js';
import { initProducerIdApi } from '../../../local/broker/protocol/apis/initProducerId.js';
import { joinGroupApi } from '../../../local/broker/protocol/apis/joinGroup.js';
import { leaveGroupApi } from '../../../local/broker/protocol/apis/leaveGroup.js';
import { listGroupsApi } from '../../../local/broker/protocol/apis/listGroups.js';
import { listOffsetsApi } from '../../../local/broker/protocol/apis/listOffsets.js';
import { metadataApi } from '../../../local/broker/protocol/apis/metadata.js';
import { offsetCommitApi } from '../../../local/broker/protocol/apis/offsetCommit.js';
import { offsetFetchApi } from '../../../local/broker/protocol/apis/offsetFetch.js';
import { produceApi } from '../../../local/broker/protocol/apis/produce.js';
import { syncGroupApi } from '../../../local/broker/protocol/apis/syncGroup.js';
import { decodeWithKafkajs, decodeWithOurs, type Loose, versionsOf } from './kafkajsProtocol.js';
import { buildBatch } from './recordBatchBuilder.js';

const node = { nodeId: 1, host: '127.0.0.1', port: 9092 };

test('ApiVersions v0-v2', async () => {
  for (const version of [0, 1, 2]) {
    await decodeWithOurs(apiVersionsApi, 'apiVersions', version, {});
    const decoded = await decodeWithKafkajs(apiVersionsApi, 'apiVersions', version, {
      errorCode: 0,
      apis: [{ key: 0, minVersion: 3, maxVersion: 7 }],
    });
    assert.deepEqual(decoded.apiVersions, [{ apiKey: 0, minVersion: 3, maxVersion: 7 }]);
  }
});

test('Metadata v0-v6', async () => {
  for (const version of versionsOf(metadataApi)) {
    const request = await decodeWithOurs(metadataApi, 'metadata', version, {
      topics: ['a', 'b'],
      allowAutoTopicCreation: false,
    });
    assert.deepEqual(request.topics, ['a', 'b']);
    const decoded = await decodeWithKafkajs(metadataApi, 'metadata', version, {
      broker: node,
      clusterId: 'c',
      topics: [{ errorCode: 0, name: 'a', partitions: [{ errorCode: 0, partition: 0 }] }],
    });
    assert.equal(decoded.brokers[0].port, 9092, `v${version}`);
    assert.equal(decoded.topicMetadata[0].topic, 'a');
    assert.equal(decoded.topicMetadata[0].partitionMetadata[0].leader, 1);
    if (version >= 1) assert.equal(decoded.controllerId, 1);
  }
});

test('Produce v3-v7', async () => {
  for (const version of versionsOf(produceApi)) {
    const request = await decodeWithOurs(produceApi, 'produce', version, {
      acks: -1,
      timeout: 1000,
      topicData: [{ topic: 't', partitions: [{ partition: 2, messages: [{ key: 'k', value: 'v' }] }] }],
    });
    assert.equal(request.acks, -1);
    const records = request.topics[0]?.partitions[0]?.records;
    assert.ok(records !== null && records !== undefined && records.readInt8(16) === 2, 'a magic-2 batch');
    const decoded = await decodeWithKafkajs(produceApi, 'produce', version, {
      topics: [{ name: 't', partitions: [{ partition: 2, errorCode: 0, baseOffset: 42, logStartOffset: 0 }] }],
    });
    assert.equal(decoded.topics[0].partitions[0].baseOffset, '42', `v${version}`);
  }
});

test('Fetch v4-v11', async () => {
  const batch = buildBatch([{ value: 'hello' }, { value: 'world' }]);
  batch.writeBigInt64BE(7n, 0);
  for (const version of versionsOf(fetchApi)) {
    const request = await decodeWithOurs(fetchApi, 'fetch', version, {
      replicaId: -1,
      maxWaitTime: 500,
      minBytes: 1,
      maxBytes: 1000,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: -1,
      forgottenTopics: [],
      rackId: '',
      topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: '7', maxBytes: 100 }] }],
    });
    assert.equal(request.topics[0]?.partitions[0]?.fetchOffset, 7);
    assert.equal(request.isolationLevel, 1);
    const decoded = await decodeWithKafkajs(fetchApi, 'fetch', version, {
      topics: [
        {
          name: 't',
          partitions: [
            {
              partition: 0,
              errorCode: 0,
              highWatermark: 9,
              lastStableOffset: 8,
              logStartOffset: 0,
              abortedTransactions: [{ producerId: 5, firstOffset: 3 }],
              records: batch,
            },
          ],
        },
      ],
    });
    const partition = decoded.responses[0].partitions[0];
    assert.equal(partition.highWatermark, '9', `v${version}`);
    assert.equal(partition.lastStableOffset, '8');
    assert.deepEqual(partition.abortedTransactions, [{ producerId: '5', firstOffset: '3' }]);
    assert.deepEqual(
      partition.messages.map((m: Loose) => [m.offset, String(m.value)]),
      [
        ['7', 'hello'],
        ['8', 'world'],
      ],
    );
  }
});

test('ListOffsets v1-v3', async () => {
  for (const version of versionsOf(listOffsetsApi)) {
    const request = await decodeWithOurs(listOffsetsApi, 'listOffsets', version, {
      replicaId: -1,
      isolationLevel: 1,
      topics: [{ topic: 't', partitions: [{ partition: 0, timestamp: 1234 }] }],
    });
    assert.equal(request.topics[0]?.partitions[0]?.timestamp, 1234);
    const decoded = await decodeWithKafkajs(listOffsetsApi, 'listOffsets', version, {
      topics: [{ name: 't', partitions: [{ partition: 0, errorCode: 0, timestamp: -1, offset: 5 }] }],
    });
    assert.equal(decoded.responses[0].partitions[0].offset, '5', `v${version}`);
  }
});

test('FindCoordinator v0-v2', async () => {
  for (const version of versionsOf(findCoordinatorApi)) {
    const request = await decodeWithOurs(findCoordinatorApi, 'findCoordinator', version, {
      groupId: 'g',
      coordinatorKey: 'g',
      coordinatorType: 0,
    });
    assert.equal(request.key, 'g');
    const decoded = await decodeWithKafkajs(findCoordinatorApi, 'findCoordinator', version, {
      errorCode: 0,
      errorMessage: null,
      node,
    });
    assert.deepEqual(decoded.coordinator, { nodeId: 1, host: '127.0.0.1', port: 9092 }, `v${version}`);
  }
});

test('JoinGroup, SyncGroup, Heartbeat, LeaveGroup at every version', async () => {
  for (const version of versionsOf(joinGroupApi)) {
    const request = await decodeWithOurs(joinGroupApi, 'joinGroup', version, {
      groupId: 'g',
      sessionTimeout: 30000,
      rebalanceTimeout: 60000,
      memberId: '',
      protocolType: 'consumer',
      groupProtocols: [{ name: 'range', metadata: Buffer.from('meta') }],
    });
    assert.equal(request.sessionTimeoutMs, 30000);
    assert.deepEqual(request.protocols[0]?.metadata, Buffer.from('meta'));
    const decoded = await decodeWithKafkajs(joinGroupApi, 'joinGroup', version, {
      errorCode: 0,
      generationId: 3,
      protocolName: 'range',
      leader: 'm1',
      memberId: 'm1',
      members: [{ memberId: 'm1', groupInstanceId: null, metadata: Buffer.from('meta') }],
    });
    assert.equal(decoded.generationId, 3, `JoinGroup v${version}`);
    assert.deepEqual(decoded.members[0].memberMetadata, Buffer.from('meta'));
  }
  for (const version of versionsOf(syncGroupApi)) {
    const request = await decodeWithOurs(syncGroupApi, 'syncGroup', version, {
      groupId: 'g',
      generationId: 3,
      memberId: 'm1',
      groupAssignment: [{ memberId: 'm1', memberAssignment: Buffer.from('assign') }],
    });
    assert.deepEqual(request.assignments.get('m1'), Buffer.from('assign'));
    const decoded = await decodeWithKafkajs(syncGroupApi, 'syncGroup', version, {
      errorCode: 0,
      assignment: Buffer.from('assign'),
    });
    assert.deepEqual(decoded.memberAssignment, Buffer.from('assign'), `SyncGroup v${version}`);
  }
  for (const version of versionsOf(heartbeatApi)) {
    const request = await decodeWithOurs(heartbeatApi, 'heartbeat', version, {
      groupId: 'g',
      groupGenerationId: 3,
      memberId: 'm1',
    });
    assert.equal(request.generationId, 3);
    const decoded = await decodeWithKafkajs(heartbeatApi, 'heartbeat', version, { errorCode: 0 });
    assert.equal(decoded.errorCode, 0);
  }
  for (const version of versionsOf(leaveGroupApi)) {
    const request = await decodeWithOurs(leaveGroupApi, 'leaveGroup', version, {
      groupId: 'g',
      memberId: 'm1',
      members: [{ memberId: 'm1', groupInstanceId: null }],
    });
    assert.equal(request.members[0]?.memberId, 'm1');
    const decoded = await decodeWithKafkajs(leaveGroupApi, 'leaveGroup', version, {
      errorCode: 0,
      members: [{ memberId: 'm1', groupInstanceId: null, errorCode: 0 }],
    });
    assert.equal(decoded.errorCode, 0, `LeaveGroup v${version}`);
  }
});

test('OffsetCommit v0-v5 and OffsetFetch v1-v4', async () => {
  for (const version of versionsOf(offsetCommitApi)) {
    const request = await decodeWithOurs(offsetCommitApi, 'offsetCommit', version, {
      groupId: 'g',
      groupGenerationId: 3,
      memberId: 'm1',
      retentionTime: -1,
      topics: [{ topic: 't', partitions: [{ partition: 1, offset: '99' }] }],
    });
    assert.equal(request.topics[0]?.partitions[0]?.offset, 99);
    const decoded = await decodeWithKafkajs(offsetCommitApi, 'offsetCommit', version, {
      topics: [{ name: 't', partitions: [{ partition: 1, errorCode: 0 }] }],
    });
    assert.equal(decoded.responses[0].partitions[0].errorCode, 0, `OffsetCommit v${version}`);
  }
  for (const version of versionsOf(offsetFetchApi)) {
    const request = await decodeWithOurs(offsetFetchApi, 'offsetFetch', version, {
      groupId: 'g',
      topics: [{ topic: 't', partitions: [{ partition: 1 }] }],
    });
    assert.deepEqual(request.topics, [{ name: 't', partitions: [1] }]);
    const decoded = await decodeWithKafkajs(offsetFetchApi, 'offsetFetch', version, {
      errorCode: 0,
      topics: [{ name: 't', partitions: [{ partition: 1, offset: 99, metadata: '', errorCode: 0 }] }],
    });
    assert.equal(decoded.responses[0].partitions[0].offset, '99', `OffsetFetch v${version}`);
  }
});

test('CreateTopics v0-v3, DeleteTopics v0-v1, InitProducerId v0-v1', async () => {
  for (const version of versionsOf(createTopicsApi)) {
    const request = await decodeWithOurs(createTopicsApi, 'createTopics', version, {
      topics: [{ topic: 'new', numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'x', value: 'y' }] }],
      timeout: 1000,
      validateOnly: false,
    });
    assert.equal(request.topics[0]?.numPartitions, 3);
    const decoded = await decodeWithKafkajs(createTopicsApi, 'createTopics', version, {
      topics: [{ name: 'new', errorCode: 0, errorMessage: null }],
    });
    assert.equal(decoded.topicErrors[0].topic, 'new', `CreateTopics v${version}`);
  }
  for (const version of versionsOf(deleteTopicsApi)) {
    const request = await decodeWithOurs(deleteTopicsApi, 'deleteTopics', version, { topics: ['old'], timeout: 1000 });
    assert.deepEqual(request.topics, ['old']);
    const decoded = await decodeWithKafkajs(deleteTopicsApi, 'deleteTopics', version, {
      topics: [{ name: 'old', errorCode: 0 }],
    });
    assert.equal(decoded.topicErrors[0].topic, 'old', `DeleteTopics v${version}`);
  }
  for (const version of versionsOf(initProducerIdApi)) {
    const request = await decodeWithOurs(initProducerIdApi, 'initProducerId', version, {
      transactionalId: null,
      transactionTimeout: 100,
    });
    assert.equal(request.transactionalId, null);
    const decoded = await decodeWithKafkajs(initProducerIdApi, 'initProducerId', version, {
      errorCode: 0,
      producerId: 1234,
      producerEpoch: 0,
    });
    assert.equal(decoded.producerId, '1234', `InitProducerId v${version}`);
  }
});

test('DescribeGroups v0-v2 and ListGroups v0-v2', async () => {
  for (const version of versionsOf(describeGroupsApi)) {
    const request = await decodeWithOurs(describeGroupsApi, 'describeGroups', version, { groupIds: ['g'] });
    assert.deepEqual(request.groupIds, ['g']);
    const decoded = await decodeWithKafkajs(describeGroupsApi, 'describeGroups', version, {
      groups: [
        {
          groupId: 'g',
          errorCode: 0,
          state: 'Stable',
          protocolType: 'consumer',
          protocolName: 'range',
          members: [
            {
              memberId: 'm1',
              clientId: 'c',
              clientHost: '/127.0.0.1',
              metadata: Buffer.from('m'),
              assignment: Buffer.from('a'),
            },
          ],
        },
      ],
    });
    assert.equal(decoded.groups[0].state, 'Stable', `DescribeGroups v${version}`);
    assert.deepEqual(decoded.groups[0].members[0].memberAssignment, Buffer.from('a'));
  }
  for (const version of versionsOf(listGroupsApi)) {
    await decodeWithOurs(listGroupsApi, 'listGroups', version, {});
    const decoded = await decodeWithKafkajs(listGroupsApi, 'listGroups', version, {
      groups: [{ groupId: 'g', protocolType: 'consumer' }],
    });
    assert.deepEqual(decoded.groups, [{ groupId: 'g', protocolType: 'consumer' }], `ListGroups v${version}`);
  }
});
