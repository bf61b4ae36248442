/** The admin APIs' codecs against kafkajs 2.2.4's own encoders and decoders, every advertised version. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alterConfigsApi } from '../../../local/broker/protocol/apis/alterConfigs.js';
import { createPartitionsApi } from '../../../local/broker/protocol/apis/createPartitions.js';
import { deleteGroupsApi } from '../../../local/broker/protocol/apis/deleteGroups.js';
import { deleteRecordsApi } from '../../../local/broker/protocol/apis/deleteRecords.js';
import { ConfigSource, describeConfigsApi, ResourceType } from '../../../local/broker/protocol/apis/describeConfigs.js';
import { ErrorCode } from '../../../local/broker/protocol/errors.js';
import { decodeWithKafkajs, decodeWithOurs, versionsOf } from './kafkajsProtocol.js';

test('DescribeConfigs v0-v2', async () => {
  assert.deepEqual(versionsOf(describeConfigsApi), [0, 1, 2]);
  for (const version of versionsOf(describeConfigsApi)) {
    const request = await decodeWithOurs(describeConfigsApi, 'describeConfigs', version, {
      resources: [
        { type: ResourceType.TOPIC, name: 't', configNames: ['retention.ms'] },
        { type: ResourceType.BROKER, name: '1' },
      ],
      includeSynonyms: true,
    });
    assert.deepEqual(request.resources, [
      { type: 2, name: 't', configNames: ['retention.ms'] },
      { type: 4, name: '1', configNames: null },
    ]);
    assert.equal(request.includeSynonyms, version >= 1);
    const decoded = await decodeWithKafkajs(describeConfigsApi, 'describeConfigs', version, {
      resources: [
        {
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          type: ResourceType.TOPIC,
          name: 't',
          configs: [
            {
              name: 'retention.ms',
              value: '1000',
              readOnly: false,
              source: ConfigSource.DYNAMIC_TOPIC_CONFIG,
              sensitive: false,
            },
            {
              name: 'segment.bytes',
              value: '1024',
              readOnly: false,
              source: ConfigSource.DEFAULT_CONFIG,
              sensitive: false,
            },
          ],
        },
        { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'gone', type: 2, name: 'u', configs: [] },
      ],
    });
    const [topic, missing] = decoded.resources;
    assert.equal(topic.resourceName, 't', `v${version}`);
    assert.deepEqual(
      topic.configEntries.map((e: { configName: string; configValue: string; isDefault: boolean }) => [
        e.configName,
        e.configValue,
        e.isDefault,
      ]),
      [
        ['retention.ms', '1000', false],
        ['segment.bytes', '1024', true],
      ],
    );
    if (version >= 1) assert.equal(topic.configEntries[0].configSource, ConfigSource.DYNAMIC_TOPIC_CONFIG);
    assert.equal(missing.errorCode, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    assert.equal(missing.errorMessage, 'gone');
  }
});

test('AlterConfigs v0-v1', async () => {
  for (const version of versionsOf(alterConfigsApi)) {
    const request = await decodeWithOurs(alterConfigsApi, 'alterConfigs', version, {
      resources: [{ type: 2, name: 't', configEntries: [{ name: 'retention.ms', value: '5000' }] }],
      validateOnly: true,
    });
    assert.deepEqual(request, {
      resources: [{ type: 2, name: 't', configs: [{ name: 'retention.ms', value: '5000' }] }],
      validateOnly: true,
    });
    const decoded = await decodeWithKafkajs(alterConfigsApi, 'alterConfigs', version, {
      resources: [{ errorCode: ErrorCode.INVALID_CONFIG, errorMessage: 'no', type: 2, name: 't' }],
    });
    assert.deepEqual(decoded.resources, [
      { errorCode: ErrorCode.INVALID_CONFIG, errorMessage: 'no', resourceType: 2, resourceName: 't' },
    ]);
  }
});

test('CreatePartitions v0-v1', async () => {
  for (const version of versionsOf(createPartitionsApi)) {
    const request = await decodeWithOurs(createPartitionsApi, 'createPartitions', version, {
      topicPartitions: [
        { topic: 'grow', count: 5 },
        { topic: 'placed', count: 2, assignments: [[1]] },
      ],
      validateOnly: false,
      timeout: 1000,
    });
    assert.deepEqual(request, {
      topics: [
        { name: 'grow', count: 5, assignments: null },
        { name: 'placed', count: 2, assignments: [[1]] },
      ],
      validateOnly: false,
    });
    const decoded = await decodeWithKafkajs(createPartitionsApi, 'createPartitions', version, {
      topics: [{ name: 'grow', errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: 'smaller' }],
    });
    assert.deepEqual(decoded.topicErrors, [
      { topic: 'grow', errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: 'smaller' },
    ]);
  }
});

test('DeleteRecords v0-v1', async () => {
  for (const version of versionsOf(deleteRecordsApi)) {
    const request = await decodeWithOurs(deleteRecordsApi, 'deleteRecords', version, {
      topics: [
        {
          topic: 't',
          partitions: [
            { partition: 0, offset: '42' },
            { partition: 1, offset: '-1' },
          ],
        },
      ],
      timeout: 1000,
    });
    assert.deepEqual(request.topics, [
      {
        name: 't',
        partitions: [
          { partition: 0, offset: 42 },
          { partition: 1, offset: -1 },
        ],
      },
    ]);
    const decoded = await decodeWithKafkajs(deleteRecordsApi, 'deleteRecords', version, {
      topics: [{ name: 't', partitions: [{ partition: 0, lowWatermark: 42, errorCode: 0 }] }],
    });
    assert.deepEqual(decoded.topics, [{ topic: 't', partitions: [{ partition: 0, lowWatermark: 42n, errorCode: 0 }] }]);
  }
});

test('DeleteGroups v0-v1', async () => {
  for (const version of versionsOf(deleteGroupsApi)) {
    const request = await decodeWithOurs(deleteGroupsApi, 'deleteGroups', version, ['g1', 'g2']);
    assert.deepEqual(request.groupIds, ['g1', 'g2']);
    const decoded = await decodeWithKafkajs(deleteGroupsApi, 'deleteGroups', version, {
      results: [
        { groupId: 'g1', errorCode: 0 },
        { groupId: 'g2', errorCode: ErrorCode.NON_EMPTY_GROUP },
      ],
    });
    assert.deepEqual(
      decoded.results.map((r: { groupId: string; errorCode: number }) => [r.groupId, r.errorCode]),
      [
        ['g1', 0],
        ['g2', ErrorCode.NON_EMPTY_GROUP],
      ],
    );
  }
});
