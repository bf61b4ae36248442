/** DeleteGroups (key 42), v0-v1 (kafkajs 2.2.4's maximum). */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface DeleteGroupsRequest {
  readonly groupIds: readonly string[];
}

export interface DeleteGroupsResponse {
  readonly results: readonly { groupId: string; errorCode: ErrorCodeValue }[];
}

export const deleteGroupsApi: ApiCodec<DeleteGroupsRequest, DeleteGroupsResponse> = {
  key: 42,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 1,
  decodeRequest(reader) {
    return { groupIds: reader.array((r) => r.string()) };
  },
  encodeResponse(writer, _version, response) {
    writer.int32(0);
    writer.array(response.results, (w, result) => {
      w.string(result.groupId).int16(result.errorCode);
    });
  },
};
