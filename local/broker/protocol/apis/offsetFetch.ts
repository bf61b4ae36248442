/** OffsetFetch (key 9), v1-v4 (v2+: a null topic list means every committed partition). */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface OffsetFetchRequest {
  readonly groupId: string;
  readonly topics: readonly { name: string; partitions: readonly number[] }[] | null;
}

export interface OffsetFetchResponse {
  readonly errorCode: ErrorCodeValue;
  readonly topics: readonly {
    name: string;
    partitions: readonly { partition: number; offset: number; metadata: string | null; errorCode: ErrorCodeValue }[];
  }[];
}

export const offsetFetchApi: ApiCodec<OffsetFetchRequest, OffsetFetchResponse> = {
  key: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 4,
  decodeRequest(reader) {
    const groupId = reader.string();
    const topics = reader.nullableArray((r) => ({ name: r.string(), partitions: r.array((pr) => pr.int32()) }));
    return { groupId, topics };
  },
  encodeResponse(writer, version, response) {
    if (version >= 3) writer.int32(0);
    writer.array(response.topics, (w, topic) => {
      w.string(topic.name);
      w.array(topic.partitions, (pw, p) => {
        pw.int32(p.partition).int64(p.offset).nullableString(p.metadata).int16(p.errorCode);
      });
    });
    if (version >= 2) writer.int16(response.errorCode);
  },
};
