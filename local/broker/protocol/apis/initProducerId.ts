/** InitProducerId (key 22), v0-v1: producer ids for idempotent producers, and epochs for transactional ids. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface InitProducerIdRequest {
  readonly transactionalId: string | null;
  readonly transactionTimeoutMs: number;
}

export interface InitProducerIdResponse {
  readonly errorCode: ErrorCodeValue;
  readonly producerId: number;
  readonly producerEpoch: number;
}

export const initProducerIdApi: ApiCodec<InitProducerIdRequest, InitProducerIdResponse> = {
  key: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  decodeRequest(reader) {
    const transactionalId = reader.nullableString();
    return { transactionalId, transactionTimeoutMs: reader.int32() };
  },
  encodeResponse(writer, _version, response) {
    writer.int32(0).int16(response.errorCode).int64(response.producerId).int16(response.producerEpoch);
  },
};
