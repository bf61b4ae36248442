/** ListOffsets (key 2), v1-v3: timestamp -2 is the earliest offset, -1 the latest. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export const EARLIEST_TIMESTAMP = -2;
export const LATEST_TIMESTAMP = -1;

export interface ListOffsetsRequest {
  /** v2+: 1 (read_committed) makes the latest offset the last stable offset. */
  readonly isolationLevel: number;
  readonly topics: readonly { name: string; partitions: readonly { partition: number; timestamp: number }[] }[];
}

export interface ListOffsetsPartitionResult {
  readonly partition: number;
  readonly errorCode: ErrorCodeValue;
  readonly timestamp: number;
  readonly offset: number;
}

export interface ListOffsetsResponse {
  readonly topics: readonly { name: string; partitions: readonly ListOffsetsPartitionResult[] }[];
}

export const listOffsetsApi: ApiCodec<ListOffsetsRequest, ListOffsetsResponse> = {
  key: 2,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 3,
  decodeRequest(reader, version) {
    reader.int32();
    const isolationLevel = version >= 2 ? reader.int8() : 0;
    const topics = reader.array((r) => ({
      name: r.string(),
      partitions: r.array((pr) => ({ partition: pr.int32(), timestamp: pr.int64() })),
    }));
    return { isolationLevel, topics };
  },
  encodeResponse(writer, version, response) {
    if (version >= 2) writer.int32(0);
    writer.array(response.topics, (w, topic) => {
      w.string(topic.name);
      w.array(topic.partitions, (pw, p) => {
        pw.int32(p.partition).int16(p.errorCode).int64(p.timestamp).int64(p.offset);
      });
    });
  },
};
