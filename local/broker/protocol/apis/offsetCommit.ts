/** OffsetCommit (key 8), v0-v5. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface OffsetCommitRequest {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly topics: readonly {
    name: string;
    partitions: readonly { partition: number; offset: number; metadata: string | null }[];
  }[];
}

export interface OffsetCommitResponse {
  readonly topics: readonly { name: string; partitions: readonly { partition: number; errorCode: ErrorCodeValue }[] }[];
}

export const offsetCommitApi: ApiCodec<OffsetCommitRequest, OffsetCommitResponse> = {
  key: 8,
  name: 'OffsetCommit',
  minVersion: 0,
  maxVersion: 5,
  decodeRequest(reader, version) {
    const groupId = reader.string();
    const generationId = version >= 1 ? reader.int32() : -1;
    const memberId = version >= 1 ? reader.string() : '';
    if (version >= 2 && version <= 4) reader.int64();
    const topics = reader.array((r) => ({
      name: r.string(),
      partitions: r.array((pr) => {
        const partition = pr.int32();
        const offset = pr.int64();
        if (version === 1) pr.int64();
        return { partition, offset, metadata: pr.nullableString() };
      }),
    }));
    return { groupId, generationId, memberId, topics };
  },
  encodeResponse(writer, version, response) {
    if (version >= 3) writer.int32(0);
    writer.array(response.topics, (w, topic) => {
      w.string(topic.name);
      w.array(topic.partitions, (pw, p) => {
        pw.int32(p.partition).int16(p.errorCode);
      });
    });
  },
};
