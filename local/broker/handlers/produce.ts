/**
 * Produce: checks each batch (framing, magic 2, CRC32C, producer sequence, and for transactional
 * batches that the producer's transaction is open and holds this partition) and appends it.
 */
import type { PartitionLog } from '../log/PartitionLog.js';
import { isTransactional, readBatchHeader, splitIncomingBatches } from '../log/RecordBatch.js';
import type { ProducePartitionResult, ProduceRequest, ProduceResponse } from '../protocol/apis/produce.js';
import { ErrorCode, type ErrorCodeValue } from '../protocol/errors.js';
import { type BrokerContext, errorCodeOf, partitionsOf } from './BrokerContext.js';

const PROBLEM_CODES: Record<'corrupt' | 'unsupported-magic' | 'size', ErrorCodeValue> = {
  corrupt: ErrorCode.CORRUPT_MESSAGE,
  'unsupported-magic': ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
  size: ErrorCode.CORRUPT_MESSAGE,
};

function failed(partition: number, errorCode: ErrorCodeValue): ProducePartitionResult {
  return { partition, errorCode, baseOffset: -1, logStartOffset: -1 };
}

/** NONE when every transactional batch comes from the request's open transaction on this partition. */
function transactionCheck(
  context: BrokerContext,
  log: PartitionLog,
  transactionalId: string | null,
  batches: readonly Buffer[],
): ErrorCodeValue {
  for (const batch of batches) {
    const header = readBatchHeader(batch);
    const transactional = isTransactional(header);
    if (transactional !== (transactionalId !== null)) return ErrorCode.INVALID_TXN_STATE;
    if (transactionalId === null) continue;
    const identity = { transactionalId, producerId: header.producerId, producerEpoch: header.producerEpoch };
    const code = context.transactions.canAppend(identity, log);
    if (code !== ErrorCode.NONE) return code;
  }
  return ErrorCode.NONE;
}

function appendTo(
  context: BrokerContext,
  log: PartitionLog,
  records: Buffer | null,
  transactionalId: string | null,
): ProducePartitionResult {
  const { batches, problem } = splitIncomingBatches(records ?? Buffer.alloc(0));
  if (problem !== undefined) return failed(log.partition, PROBLEM_CODES[problem]);
  const transactionError = transactionCheck(context, log, transactionalId, batches);
  if (transactionError !== ErrorCode.NONE) return failed(log.partition, transactionError);
  try {
    const result = log.append(batches);
    context.metrics.bytesIn.inc({ topic: log.topic }, result.appendedBytes);
    context.metrics.recordsIn.inc({ topic: log.topic }, result.appendedRecords);
    return {
      partition: log.partition,
      errorCode: ErrorCode.NONE,
      baseOffset: result.baseOffset,
      logStartOffset: log.logStartOffset,
    };
  } catch (error) {
    return failed(log.partition, errorCodeOf(error));
  }
}

/** Returns null for acks=0: the client expects no response at all. */
export function handleProduce(context: BrokerContext, request: ProduceRequest): ProduceResponse | null {
  const appended = new Set<PartitionLog>();
  const validAcks = request.acks === 0 || request.acks === 1 || request.acks === -1;
  const topics = request.topics.map((topic) => {
    let logs: readonly PartitionLog[] | undefined;
    let topicError: ErrorCodeValue = ErrorCode.NONE;
    try {
      logs = partitionsOf(context, topic.name, true);
    } catch (error) {
      topicError = errorCodeOf(error);
    }
    const partitions = topic.partitions.map((data) => {
      if (!validAcks) return failed(data.partition, ErrorCode.INVALID_REQUIRED_ACKS);
      const log = logs?.[data.partition];
      if (log === undefined) return failed(data.partition, topicError || ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
      const result = appendTo(context, log, data.records, request.transactionalId);
      if (result.errorCode === ErrorCode.NONE) appended.add(log);
      return result;
    });
    return { name: topic.name, partitions };
  });
  if (context.settings.fsync === 'always') for (const log of appended) log.flush();
  for (const log of appended) context.logs.notifyAppend(log);
  return request.acks === 0 ? null : { topics };
}
