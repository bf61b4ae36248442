/** CreatePartitions (key 37), v0-v1 (kafkajs 2.2.4's maximum): grows a topic to a new partition count. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface CreatePartitionsRequest {
  readonly topics: readonly { name: string; count: number; assignments: readonly (readonly number[])[] | null }[];
  readonly validateOnly: boolean;
}

export interface CreatePartitionsResponse {
  readonly topics: readonly { name: string; errorCode: ErrorCodeValue; errorMessage: string | null }[];
}

export const createPartitionsApi: ApiCodec<CreatePartitionsRequest, CreatePartitionsResponse> = {
  key: 37,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 1,
  decodeRequest(reader) {
    const topics = reader.array((r) => ({
      name: r.string(),
      count: r.int32(),
      assignments: r.nullableArray((ar) => ar.array((br) => br.int32())),
    }));
    reader.int32();
    return { topics, validateOnly: reader.bool() };
  },
  encodeResponse(writer, _version, response) {
    writer.int32(0);
    writer.array(response.topics, (w, topic) => {
      w.string(topic.name).int16(topic.errorCode).nullableString(topic.errorMessage);
    });
  },
};
