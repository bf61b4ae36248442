/** AddOffsetsToTxn (key 25), v0-v1 (kafkajs 2.2.4's maximum). */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';
import type { TransactionalProducer } from './addPartitionsToTxn.js';

export interface AddOffsetsToTxnRequest extends TransactionalProducer {
  readonly groupId: string;
}

export const addOffsetsToTxnApi: ApiCodec<AddOffsetsToTxnRequest, { errorCode: ErrorCodeValue }> = {
  key: 25,
  name: 'AddOffsetsToTxn',
  minVersion: 0,
  maxVersion: 1,
  decodeRequest(reader) {
    return {
      transactionalId: reader.string(),
      producerId: reader.int64(),
      producerEpoch: reader.int16(),
      groupId: reader.string(),
    };
  },
  encodeResponse(writer, _version, response) {
    writer.int32(0).int16(response.errorCode);
  },
};
