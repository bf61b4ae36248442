/** AddPartitionsToTxn (key 24), v0-v1 (kafkajs 2.2.4's maximum). */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface TransactionalProducer {
  readonly transactionalId: string;
  readonly producerId: number;
  readonly producerEpoch: number;
}

export interface AddPartitionsToTxnRequest extends TransactionalProducer {
  readonly topics: readonly { name: string; partitions: readonly number[] }[];
}

export interface AddPartitionsToTxnResponse {
  readonly topics: readonly { name: string; partitions: readonly { partition: number; errorCode: ErrorCodeValue }[] }[];
}

export const addPartitionsToTxnApi: ApiCodec<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse> = {
  key: 24,
  name: 'AddPartitionsToTxn',
  minVersion: 0,
  maxVersion: 1,
  decodeRequest(reader) {
    const transactionalId = reader.string();
    const producerId = reader.int64();
    const producerEpoch = reader.int16();
    const topics = reader.array((r) => ({ name: r.string(), partitions: r.array((pr) => pr.int32()) }));
    return { transactionalId, producerId, producerEpoch, topics };
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
