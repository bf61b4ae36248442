/**
 * Fetch with long polling: answer at once when `min_bytes` are available (or an error occurred),
 * otherwise wait for appends to the requested partitions until `max_wait_ms` passes. A
 * read_committed fetch stops at the last stable offset and lists the aborted transactions it covers.
 */
import type { PartitionLog } from '../log/PartitionLog.js';
import { batchesBefore, countRecords, lastOffsetOf, readBatchHeader } from '../log/RecordBatch.js';
import {
  type FetchPartitionResult,
  type FetchRequest,
  type FetchResponse,
  READ_COMMITTED,
} from '../protocol/apis/fetch.js';
import { ErrorCode } from '../protocol/errors.js';
import { type BrokerContext, errorCodeOf } from './BrokerContext.js';

interface Collected {
  readonly response: FetchResponse;
  readonly bytes: number;
  readonly hasError: boolean;
}

function readPartition(
  context: BrokerContext,
  topic: string,
  partition: number,
  offset: number,
  maxBytes: number,
  readCommitted: boolean,
): FetchPartitionResult {
  const log = context.logs.partitions(topic)?.[partition];
  if (log === undefined) {
    return {
      partition,
      errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      highWatermark: -1,
      lastStableOffset: -1,
      logStartOffset: -1,
      abortedTransactions: [],
      records: null,
    };
  }
  const lastStableOffset = log.lastStableOffset;
  const base = {
    partition,
    highWatermark: log.logEndOffset,
    lastStableOffset,
    logStartOffset: log.logStartOffset,
    abortedTransactions: [],
  };
  try {
    if (maxBytes <= 0) return { ...base, errorCode: ErrorCode.NONE, records: Buffer.alloc(0) };
    const data = log.read(offset, maxBytes);
    if (!readCommitted) return { ...base, errorCode: ErrorCode.NONE, records: data };
    const records = batchesBefore(data, lastStableOffset);
    if (records.length === 0) return { ...base, errorCode: ErrorCode.NONE, records };
    const last = readBatchHeader(records, lastBatchStart(records));
    const abortedTransactions = log
      .abortedTransactions(offset, lastOffsetOf(last) + 1)
      .map(({ producerId, firstOffset }) => ({ producerId, firstOffset }));
    return { ...base, errorCode: ErrorCode.NONE, abortedTransactions, records };
  } catch (error) {
    return { ...base, errorCode: errorCodeOf(error), records: null };
  }
}

function lastBatchStart(data: Buffer): number {
  let at = 0;
  for (let next = 0; next < data.length; next += readBatchHeader(data, next).size) at = next;
  return at;
}

function collect(context: BrokerContext, request: FetchRequest): Collected {
  let remaining = request.maxBytes;
  let bytes = 0;
  let hasError = false;
  const topics = request.topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((p) => {
      // The first batch is always returned whole, even when it exceeds max_bytes.
      const limit = bytes === 0 ? Math.max(1, Math.min(p.maxBytes, remaining)) : Math.min(p.maxBytes, remaining);
      const readCommitted = request.isolationLevel === READ_COMMITTED;
      const result = readPartition(context, topic.name, p.partition, p.fetchOffset, limit, readCommitted);
      const size = result.records?.length ?? 0;
      bytes += size;
      remaining -= size;
      if (result.errorCode !== ErrorCode.NONE) hasError = true;
      return result;
    }),
  }));
  return { response: { topics }, bytes, hasError };
}

function account(context: BrokerContext, response: FetchResponse): FetchResponse {
  for (const topic of response.topics) {
    for (const p of topic.partitions) {
      const records = p.records;
      if (records === null || records.length === 0) continue;
      context.metrics.bytesOut.inc({ topic: topic.name }, records.length);
      context.metrics.recordsOut.inc({ topic: topic.name }, countRecords(records));
    }
  }
  return response;
}

export function handleFetch(context: BrokerContext, request: FetchRequest): FetchResponse | Promise<FetchResponse> {
  const first = collect(context, request);
  if (first.hasError || first.bytes >= Math.max(1, request.minBytes) || request.maxWaitMs <= 0) {
    return account(context, first.response);
  }
  const wanted = new Set(request.topics.flatMap((t) => t.partitions.map((p) => `${t.name}-${p.partition}`)));
  return new Promise<FetchResponse>((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      stopWaitingForClose();
      resolve(account(context, collect(context, request).response));
    };
    const timer = setTimeout(finish, request.maxWaitMs);
    const unsubscribe = context.logs.onAppend((log: PartitionLog) => {
      if (!wanted.has(log.name)) return;
      const again = collect(context, request);
      if (again.hasError || again.bytes >= Math.max(1, request.minBytes)) finish();
    });
    const stopWaitingForClose = context.onClosing(finish);
  });
}
