/** DeleteTopics (key 20), v0-v1. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface DeleteTopicsResponse {
  readonly topics: readonly { name: string; errorCode: ErrorCodeValue }[];
}

export const deleteTopicsApi: ApiCodec<{ topics: string[] }, DeleteTopicsResponse> = {
  key: 20,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 1,
  decodeRequest(reader) {
    const topics = reader.array((r) => r.string());
    reader.int32();
    return { topics };
  },
  encodeResponse(writer, version, response) {
    if (version >= 1) writer.int32(0);
    writer.array(response.topics, (w, topic) => {
      w.string(topic.name).int16(topic.errorCode);
    });
  },
};
