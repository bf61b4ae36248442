/** DescribeGroups (key 15), v0-v2. */
import type { GroupDescription } from '../../coordinator/GroupCoordinator.js';
import type { ApiCodec } from '../Api.js';

export const describeGroupsApi: ApiCodec<{ groupIds: string[] }, { groups: readonly GroupDescription[] }> = {
  key: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 2,
  decodeRequest(reader) {
    return { groupIds: reader.array((r) => r.string()) };
  },
  encodeResponse(writer, version, response) {
    if (version >= 1) writer.int32(0);
    writer.array(response.groups, (w, group) => {
      w.int16(group.errorCode).string(group.groupId).string(group.state);
      w.string(group.protocolType).string(group.protocolName);
      w.array(group.members, (mw, member) => {
        mw.string(member.memberId).string(member.clientId).string(member.clientHost);
        mw.bytes(member.metadata).bytes(member.assignment);
      });
    });
  },
};
