/** FindCoordinator (key 10), v0-v2: this broker coordinates every group. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';
import type { BrokerNode } from './metadata.js';

export interface FindCoordinatorRequest {
  readonly key: string;
  readonly keyType: number;
}

export interface FindCoordinatorResponse {
  readonly errorCode: ErrorCodeValue;
  readonly errorMessage: string | null;
  readonly node: BrokerNode;
}

export const findCoordinatorApi: ApiCodec<FindCoordinatorRequest, FindCoordinatorResponse> = {
  key: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  decodeRequest(reader, version) {
    const key = reader.string();
    return { key, keyType: version >= 1 ? reader.int8() : 0 };
  },
  encodeResponse(writer, version, response) {
    if (version >= 1) writer.int32(0);
    writer.int16(response.errorCode);
    if (version >= 1) writer.nullableString(response.errorMessage);
    writer.int32(response.node.nodeId).string(response.node.host).int32(response.node.port);
  },
};
