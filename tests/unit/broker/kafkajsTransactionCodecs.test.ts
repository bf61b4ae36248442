/** The transaction APIs' codecs against kafkajs 2.2.4's own encoders and decoders, every advertised version. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addOffsetsToTxnApi } from '../../../local/broker/protocol/apis/addOffsetsToTxn.js';
import { addPartitionsToTxnApi } from '../../../local/broker/protocol/apis/addPartitionsToTxn.js';
import { endTxnApi } from '../../../local/broker/protocol/apis/endTxn.js';
import { initProducerIdApi } from '../../../local/broker/protocol/apis/initProducerId.js';
import { txnOffsetCommitApi } from '../../../local/broker/protocol/apis/txnOffsetCommit.js';
import { ErrorCode } from '../../../local/broker/protocol/errors.js';
import { decodeWithKafkajs, decodeWithOurs, versionsOf } from './kafkajsProtocol.js';

const producer = { transactionalId: 'tx', producerId: 4000, producerEpoch: 3 };

test('InitProducerId v0-v1 with a transactional id and its timeout', async () => {
  for (const version of versionsOf(initProducerIdApi)) {
    const request = await decodeWithOurs(initProducerIdApi, 'initProducerId', version, {
      transactionalId: 'tx',
      transactionTimeout: 12_345,
    });
    assert.deepEqual(request, { transactionalId: 'tx', transactionTimeoutMs: 12_345 });
  }
});

test('AddPartitionsToTxn v0-v1', async () => {
  for (const version of versionsOf(addPartitionsToTxnApi)) {
    const request = await decodeWithOurs(addPartitionsToTxnApi, 'addPartitionsToTxn', version, {
      ...producer,
      topics: [{ topic: 't', partitions: [0, 2] }],
    });
    assert.deepEqual(request, { ...producer, topics: [{ name: 't', partitions: [0, 2] }] });
    const decoded = await decodeWithKafkajs(addPartitionsToTxnApi, 'addPartitionsToTxn', version, {
      topics: [{ name: 't', partitions: [{ partition: 0, errorCode: 0 }] }],
    });
    assert.deepEqual(decoded.errors, [{ topic: 't', partitionErrors: [{ partition: 0, errorCode: 0 }] }]);
  }
});

test('AddOffsetsToTxn v0-v1 and EndTxn v0-v1', async () => {
  for (const version of versionsOf(addOffsetsToTxnApi)) {
    const request = await decodeWithOurs(addOffsetsToTxnApi, 'addOffsetsToTxn', version, { ...producer, groupId: 'g' });
    assert.deepEqual(request, { ...producer, groupId: 'g' });
    const decoded = await decodeWithKafkajs(addOffsetsToTxnApi, 'addOffsetsToTxn', version, { errorCode: 0 });
    assert.equal(decoded.errorCode, 0);
  }
  for (const version of versionsOf(endTxnApi)) {
    for (const commit of [true, false]) {
      const request = await decodeWithOurs(endTxnApi, 'endTxn', version, { ...producer, transactionResult: commit });
      assert.deepEqual(request, { ...producer, commit });
    }
    const decoded = await decodeWithKafkajs(endTxnApi, 'endTxn', version, { errorCode: 0 });
    assert.equal(decoded.errorCode, 0);
  }
});

test('TxnOffsetCommit v0-v1', async () => {
  for (const version of versionsOf(txnOffsetCommitApi)) {
    const request = await decodeWithOurs(txnOffsetCommitApi, 'txnOffsetCommit', version, {
      ...producer,
      groupId: 'g',
      topics: [{ topic: 't', partitions: [{ partition: 1, offset: '42', metadata: null }] }],
    });
    assert.deepEqual(request, {
      ...producer,
      groupId: 'g',
      topics: [{ name: 't', partitions: [{ partition: 1, offset: 42, metadata: null }] }],
    });
    const decoded = await decodeWithKafkajs(txnOffsetCommitApi, 'txnOffsetCommit', version, {
      topics: [{ name: 't', partitions: [{ partition: 1, errorCode: ErrorCode.NONE }] }],
    });
    assert.deepEqual(decoded.topics, [{ topic: 't', partitions: [{ partition: 1, errorCode: 0 }] }]);
  }
});
