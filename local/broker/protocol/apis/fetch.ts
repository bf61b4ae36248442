/**
 * Fetch (key 1), v4-v11: no fetch sessions (session id 0 is always answered). read_committed
 * (isolation level 1) gets data up to the last stable offset and the aborted transactions in it.
 */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface FetchPartitionRequest {
  readonly partition: number;
  readonly fetchOffset: number;
  readonly maxBytes: number;
}

export const READ_COMMITTED = 1;

export interface FetchRequest {
  readonly maxWaitMs: number;
  /** 0 read_uncommitted, 1 read_committed. */
  readonly isolationLevel: number;
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly topics: readonly { name: string; partitions: readonly FetchPartitionRequest[] }[];
}

export interface FetchPartitionResult {
  readonly partition: number;
  readonly errorCode: ErrorCodeValue;
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  readonly logStartOffset: number;
  readonly abortedTransactions: readonly { producerId: number; firstOffset: number }[];
  readonly records: Buffer | null;
}

export interface FetchResponse {
  readonly topics: readonly { name: string; partitions: readonly FetchPartitionResult[] }[];
}

export const fetchApi: ApiCodec<FetchRequest, FetchResponse> = {
  key: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 11,
  decodeRequest(reader, version) {
    reader.int32();
    const maxWaitMs = reader.int32();
    const minBytes = reader.int32();
    const maxBytes = reader.int32();
    const isolationLevel = reader.int8();
    if (version >= 7) {
      reader.int32();
      reader.int32();
    }
    const topics = reader.array((r) => ({
      name: r.string(),
      partitions: r.array((pr) => {
        const partition = pr.int32();
        if (version >= 9) pr.int32();
        const fetchOffset = pr.int64();
        if (version >= 5) pr.int64();
        return { partition, fetchOffset, maxBytes: pr.int32() };
      }),
    }));
    if (version >= 7) reader.array((r) => ({ name: r.string(), partitions: r.array((pr) => pr.int32()) }));
    if (version >= 11) reader.string();
    return { maxWaitMs, isolationLevel, minBytes, maxBytes, topics };
  },
  encodeResponse(writer, version, response) {
    writer.int32(0);
    if (version >= 7) writer.int16(0).int32(0);
    writer.array(response.topics, (w, topic) => {
      w.string(topic.name);
      w.array(topic.partitions, (pw, p) => {
        pw.int32(p.partition).int16(p.errorCode).int64(p.highWatermark).int64(p.lastStableOffset);
        if (version >= 5) pw.int64(p.logStartOffset);
        pw.array(p.abortedTransactions, (aw, aborted) => {
          aw.int64(aborted.producerId).int64(aborted.firstOffset);
        });
        if (version >= 11) pw.int32(-1);
        pw.splicedNullableBytes(p.records);
      });
    });
  },
};
