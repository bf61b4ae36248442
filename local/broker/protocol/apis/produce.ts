/** Produce (key 0), v3-v7: record batches of magic 2 only. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface ProducePartitionData {
  readonly partition: number;
  readonly records: Buffer | null;
}

export interface ProduceRequest {
  readonly transactionalId: string | null;
  readonly acks: number;
  readonly timeoutMs: number;
  readonly topics: readonly { name: string; partitions: readonly ProducePartitionData[] }[];
}

export interface ProducePartitionResult {
  readonly partition: number;
  readonly errorCode: ErrorCodeValue;
  readonly baseOffset: number;
  readonly logStartOffset: number;
}

export interface ProduceResponse {
  readonly topics: readonly { name: string; partitions: readonly ProducePartitionResult[] }[];
}

export const produceApi: ApiCodec<ProduceRequest, ProduceResponse> = {
  key: 0,
  name: 'Produce',
  minVersion: 3,
  maxVersion: 7,
  decodeRequest(reader) {
    const transactionalId = reader.nullableString();
    const acks = reader.int16();
    const timeoutMs = reader.int32();
    const topics = reader.array((r) => ({
      name: r.string(),
      partitions: r.array((pr) => ({ partition: pr.int32(), records: pr.nullableBytes() })),
    }));
    return { transactionalId, acks, timeoutMs, topics };
  },
  encodeResponse(writer, version, response) {
    writer.array(response.topics, (w, topic) => {
      w.string(topic.name);
      w.array(topic.partitions, (pw, p) => {
        pw.int32(p.partition).int16(p.errorCode).int64(p.baseOffset);
        pw.int64(-1);
        if (version >= 5) pw.int64(p.logStartOffset);
      });
    });
    writer.int32(0);
  },
};
