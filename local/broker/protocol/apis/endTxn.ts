/** EndTxn (key 26), v0-v1 (kafkajs 2.2.4's maximum): commit (true) or abort (false). */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';
import type { TransactionalProducer } from './addPartitionsToTxn.js';

export interface EndTxnRequest extends TransactionalProducer {
  readonly commit: boolean;
}

export const endTxnApi: ApiCodec<EndTxnRequest, { errorCode: ErrorCodeValue }> = {
  key: 26,
  name: 'EndTxn',
  minVersion: 0,
  maxVersion: 1,
  decodeRequest(reader) {
    return {
      transactionalId: reader.string(),
      producerId: reader.int64(),
      producerEpoch: reader.int16(),
      commit: reader.bool(),
    };
  },
  encodeResponse(writer, _version, response) {
    writer.int32(0).int16(response.errorCode);
  },
};
