/** InitProducerId and the transaction APIs: thin adapters onto the TransactionCoordinator. */
import type { AddOffsetsToTxnRequest } from '../protocol/apis/addOffsetsToTxn.js';
import type { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from '../protocol/apis/addPartitionsToTxn.js';
import type { EndTxnRequest } from '../protocol/apis/endTxn.js';
import type { InitProducerIdRequest, InitProducerIdResponse } from '../protocol/apis/initProducerId.js';
import type { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from '../protocol/apis/txnOffsetCommit.js';
import { ErrorCode, type ErrorCodeValue } from '../protocol/errors.js';
import type { BrokerContext } from './BrokerContext.js';

export function handleInitProducerId(context: BrokerContext, request: InitProducerIdRequest): InitProducerIdResponse {
  if (request.transactionalId === null) {
    return { errorCode: ErrorCode.NONE, producerId: context.nextProducerId(), producerEpoch: 0 };
  }
  return context.transactions.initProducerId(request.transactionalId, request.transactionTimeoutMs);
}

export function handleAddPartitionsToTxn(
  context: BrokerContext,
  request: AddPartitionsToTxnRequest,
): AddPartitionsToTxnResponse {
  const wanted = request.topics.flatMap((topic) =>
    topic.partitions.map((partition) => ({ topic: topic.name, partition })),
  );
  const codes = context.transactions.addPartitions(request, wanted);
  let next = 0;
  return {
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((partition) => ({ partition, errorCode: codes[next++] as ErrorCodeValue })),
    })),
  };
}

export function handleAddOffsetsToTxn(
  context: BrokerContext,
  request: AddOffsetsToTxnRequest,
): { errorCode: ErrorCodeValue } {
  return { errorCode: context.transactions.addOffsets(request, request.groupId) };
}

export function handleEndTxn(context: BrokerContext, request: EndTxnRequest): { errorCode: ErrorCodeValue } {
  return { errorCode: context.transactions.endTransaction(request, request.commit) };
}

export function handleTxnOffsetCommit(
  context: BrokerContext,
  request: TxnOffsetCommitRequest,
): TxnOffsetCommitResponse {
  const entries = request.topics.flatMap((topic) =>
    topic.partitions.map((p) => ({
      topic: topic.name,
      partition: p.partition,
      committed: { offset: p.offset, metadata: p.metadata },
    })),
  );
  const errorCode = context.transactions.stageOffsets(request, request.groupId, entries);
  return {
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p) => ({ partition: p.partition, errorCode })),
    })),
  };
}
