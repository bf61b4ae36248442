/** ListGroups (key 16), v0-v2. */
import type { ApiCodec } from '../Api.js';

export interface ListGroupsResponse {
  readonly groups: readonly { groupId: string; protocolType: string }[];
}

export const listGroupsApi: ApiCodec<Record<string, never>, ListGroupsResponse> = {
  key: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 2,
  decodeRequest() {
    return {};
  },
  encodeResponse(writer, version, response) {
    if (version >= 1) writer.int32(0);
    writer.int16(0);
    writer.array(response.groups, (w, group) => {
      w.string(group.groupId).string(group.protocolType);
    });
  },
};
