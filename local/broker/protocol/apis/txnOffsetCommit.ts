/** TxnOffsetCommit (key 28), v0-v1 (kafkajs 2.2.4's maximum): offsets that commit with the transaction. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';
import type { TransactionalProducer } from './addPartitionsToTxn.js';

export interface TxnOffsetCommitRequest extends TransactionalProducer {
  readonly groupId: string;
  readonly topics: readonly {
    name: string;
    partitions: readonly { partition: number; offset: number; metadata: string | null }[];
  }[];
}

export interface TxnOffsetCommitResponse {
  readonly topics: readonly { name: string; partitions: readonly { partition: number; errorCode: ErrorCodeValue }[] }[];
}

export const txnOffsetCommitApi: ApiCodec<TxnOffsetCommitRequest, TxnOffsetCommitResponse> = {
  key: 28,
  name: 'TxnOffsetCommit',
  minVersion: 0,
  maxVersion: 1,
  decodeRequest(reader) {
    const transactionalId = reader.string();
    const groupId = reader.string();
    const producerId = reader.int64();
    const producerEpoch = reader.int16();
    const topics = reader.array((r) => ({
      name: r.string(),
      partitions: r.array((pr) => ({ partition: pr.int32(), offset: pr.int64(), metadata: pr.nullableString() })),
    }));
    return { transactionalId, groupId, producerId, producerEpoch, topics };
  },
  encodeResponse(writer, _version, response) {
    writer.int32(0);
    writer.array(response.topics, (w, topic) => {
      w.string(topic.name).array(topic.partitions, (pw, p) => {
        pw.int32(p.partition).int16(p.errorCode);
      });
    });
  },
};
