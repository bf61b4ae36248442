/** CreateTopics (key 19), v0-v3. A replication factor above 1 is refused: this is a single broker. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface ReplicaAssignment {
  readonly partition: number;
  readonly brokers: readonly number[];
}

export interface ConfigEntry {
  readonly name: string;
  readonly value: string | null;
}

export interface CreateTopicRequest {
  readonly name: string;
  /** -1: the broker's default (or the assignment's size). */
  readonly numPartitions: number;
  /** -1: the broker's default. */
  readonly replicationFactor: number;
  readonly assignments: readonly ReplicaAssignment[];
  readonly configs: readonly ConfigEntry[];
}

export interface CreateTopicsRequest {
  readonly topics: readonly CreateTopicRequest[];
  readonly validateOnly: boolean;
}

export interface CreateTopicsResponse {
  readonly topics: readonly { name: string; errorCode: ErrorCodeValue; errorMessage: string | null }[];
}

export const createTopicsApi: ApiCodec<CreateTopicsRequest, CreateTopicsResponse> = {
  key: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 3,
  decodeRequest(reader, version) {
    const topics = reader.array((r) => {
      const name = r.string();
      const numPartitions = r.int32();
      const replicationFactor = r.int16();
      const assignments = r.array((ar) => ({ partition: ar.int32(), brokers: ar.array((br) => br.int32()) }));
      const configs = r.array((cr) => ({ name: cr.string(), value: cr.nullableString() }));
      return { name, numPartitions, replicationFactor, assignments, configs };
    });
    reader.int32();
    const validateOnly = version >= 1 ? reader.bool() : false;
    return { topics, validateOnly };
  },
  encodeResponse(writer, version, response) {
    if (version >= 2) writer.int32(0);
    writer.array(response.topics, (w, topic) => {
      w.string(topic.name).int16(topic.errorCode);
      if (version >= 1) w.nullableString(topic.errorMessage);
    });
  },
};
