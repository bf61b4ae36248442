/** DeleteRecords (key 21), v0-v1 (kafkajs 2.2.4's maximum): moves partitions' log start offsets forward. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface DeleteRecordsRequest {
  readonly topics: readonly { name: string; partitions: readonly { partition: number; offset: number }[] }[];
}

export interface DeleteRecordsResponse {
  readonly topics: readonly {
    name: string;
    partitions: readonly { partition: number; lowWatermark: number; errorCode: ErrorCodeValue }[];
  }[];
}

export const deleteRecordsApi: ApiCodec<DeleteRecordsRequest, DeleteRecordsResponse> = {
  key: 21,
  name: 'DeleteRecords',
  minVersion: 0,
  maxVersion: 1,
  decodeRequest(reader) {
    const topics = reader.array((r) => ({
      name: r.string(),
      partitions: r.array((pr) => ({ partition: pr.int32(), offset: pr.int64() })),
    }));
    reader.int32();
    return { topics };
  },
  encodeResponse(writer, _version, response) {
    writer.int32(0);
    writer.array(response.topics, (w, topic) => {
      w.string(topic.name).array(topic.partitions, (pw, p) => {
        pw.int32(p.partition).int64(p.lowWatermark).int16(p.errorCode);
      });
    });
  },
};
