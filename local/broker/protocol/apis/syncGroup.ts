/** SyncGroup (key 14), v0-v3. */
import type { SyncResult } from '../../coordinator/Group.js';
import type { ApiCodec } from '../Api.js';

export interface SyncGroupRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly assignments: ReadonlyMap<string, Buffer>;
}

export const syncGroupApi: ApiCodec<SyncGroupRequest, SyncResult> = {
  key: 14,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 3,
  decodeRequest(reader, version) {
    const groupId = reader.string();
    const generationId = reader.int32();
    const memberId = reader.string();
    if (version >= 3) reader.nullableString();
    const assignments = new Map(reader.array((r) => [r.string(), Buffer.from(r.bytes())] as const));
    return { groupId, generationId, memberId, assignments };
  },
  encodeResponse(writer, version, response) {
    if (version >= 1) writer.int32(0);
    writer.int16(response.errorCode).bytes(response.assignment);
  },
};
