/** Metadata (key 3), v0-v6. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface MetadataRequest {
  /** null: every topic. */
  readonly topics: string[] | null;
  readonly allowAutoTopicCreation: boolean;
}

export interface BrokerNode {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

export interface TopicMetadata {
  readonly errorCode: ErrorCodeValue;
  readonly name: string;
  readonly partitions: readonly { errorCode: ErrorCodeValue; partition: number }[];
}

export interface MetadataResponse {
  readonly broker: BrokerNode;
  readonly clusterId: string;
  readonly topics: readonly TopicMetadata[];
}

export const metadataApi: ApiCodec<MetadataRequest, MetadataResponse> = {
  key: 3,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 6,
  decodeRequest(reader, version) {
    const topics = reader.nullableArray((r) => r.string());
    const allowAutoTopicCreation = version >= 4 ? reader.bool() : true;
    // v0 has no null: an empty list means every topic.
    return { topics: version === 0 && topics !== null && topics.length === 0 ? null : topics, allowAutoTopicCreation };
  },
  encodeResponse(writer, version, response) {
    if (version >= 3) writer.int32(0);
    const { broker } = response;
    writer.array([broker], (w, node) => {
      w.int32(node.nodeId).string(node.host).int32(node.port);
      if (version >= 1) w.nullableString(null);
    });
    if (version >= 2) writer.nullableString(response.clusterId);
    if (version >= 1) writer.int32(broker.nodeId);
    writer.array(response.topics, (w, topic) => {
      w.int16(topic.errorCode).string(topic.name);
      if (version >= 1) w.bool(false);
      w.array(topic.partitions, (pw, partition) => {
        pw.int16(partition.errorCode).int32(partition.partition).int32(broker.nodeId);
        pw.array([broker.nodeId], (rw, id) => rw.int32(id));
        pw.array([broker.nodeId], (rw, id) => rw.int32(id));
        if (version >= 5) pw.array([], () => undefined);
      });
    });
  },
};
