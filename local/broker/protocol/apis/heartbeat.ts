/** Heartbeat (key 12), v0-v3. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface HeartbeatRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
}

export const heartbeatApi: ApiCodec<HeartbeatRequest, { errorCode: ErrorCodeValue }> = {
  key: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  decodeRequest(reader, version) {
    const groupId = reader.string();
    const generationId = reader.int32();
    const memberId = reader.string();
    if (version >= 3) reader.nullableString();
    return { groupId, generationId, memberId };
  },
  encodeResponse(writer, version, response) {
    if (version >= 1) writer.int32(0);
    writer.int16(response.errorCode);
  },
};
