/** LeaveGroup (key 13), v0-v3 (v3 leaves several members at once). */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface LeaveGroupRequest {
  readonly groupId: string;
  readonly members: readonly { memberId: string; groupInstanceId: string | null }[];
}

export interface LeaveGroupResponse {
  readonly errorCode: ErrorCodeValue;
  readonly members: readonly { memberId: string; groupInstanceId: string | null; errorCode: ErrorCodeValue }[];
}

export const leaveGroupApi: ApiCodec<LeaveGroupRequest, LeaveGroupResponse> = {
  key: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 3,
  decodeRequest(reader, version) {
    const groupId = reader.string();
    if (version < 3) return { groupId, members: [{ memberId: reader.string(), groupInstanceId: null }] };
    return { groupId, members: reader.array((r) => ({ memberId: r.string(), groupInstanceId: r.nullableString() })) };
  },
  encodeResponse(writer, version, response) {
    if (version >= 1) writer.int32(0);
    writer.int16(response.errorCode);
    if (version >= 3) {
      writer.array(response.members, (w, m) => {
        w.string(m.memberId).nullableString(m.groupInstanceId).int16(m.errorCode);
      });
    }
  },
};
