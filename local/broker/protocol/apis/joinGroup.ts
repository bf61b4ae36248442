/** JoinGroup (key 11), v0-v5. */
import type { JoinResult, ProtocolOffer } from '../../coordinator/Group.js';
import type { ApiCodec } from '../Api.js';

export interface JoinGroupRequest {
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly protocolType: string;
  readonly protocols: readonly ProtocolOffer[];
}

export const joinGroupApi: ApiCodec<JoinGroupRequest, JoinResult> = {
  key: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  decodeRequest(reader, version) {
    const groupId = reader.string();
    const sessionTimeoutMs = reader.int32();
    const rebalanceTimeoutMs = version >= 1 ? reader.int32() : sessionTimeoutMs;
    const memberId = reader.string();
    const groupInstanceId = version >= 5 ? reader.nullableString() : null;
    const protocolType = reader.string();
    const protocols = reader.array((r) => ({ name: r.string(), metadata: Buffer.from(r.bytes()) }));
    return { groupId, sessionTimeoutMs, rebalanceTimeoutMs, memberId, groupInstanceId, protocolType, protocols };
  },
  encodeResponse(writer, version, response) {
    if (version >= 2) writer.int32(0);
    writer.int16(response.errorCode).int32(response.generationId);
    writer.string(response.protocolName).string(response.leader).string(response.memberId);
    writer.array(response.members, (w, member) => {
      w.string(member.memberId);
      if (version >= 5) w.nullableString(member.groupInstanceId);
      w.bytes(member.metadata);
    });
  },
};
