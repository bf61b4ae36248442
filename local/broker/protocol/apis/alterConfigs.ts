/** AlterConfigs (key 33), v0-v1 (kafkajs 2.2.4's maximum): replaces a resource's whole set of overrides. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';
import type { ConfigEntry } from './createTopics.js';

export interface AlterConfigsRequest {
  readonly resources: readonly { type: number; name: string; configs: readonly ConfigEntry[] }[];
  readonly validateOnly: boolean;
}

export interface AlterConfigsResult {
  readonly errorCode: ErrorCodeValue;
  readonly errorMessage: string | null;
  readonly type: number;
  readonly name: string;
}

export interface AlterConfigsResponse {
  readonly resources: readonly AlterConfigsResult[];
}

export const alterConfigsApi: ApiCodec<AlterConfigsRequest, AlterConfigsResponse> = {
  key: 33,
  name: 'AlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  decodeRequest(reader) {
    const resources = reader.array((r) => ({
      type: r.int8(),
      name: r.string(),
      configs: r.array((cr) => ({ name: cr.string(), value: cr.nullableString() })),
    }));
    return { resources, validateOnly: reader.bool() };
  },
  encodeResponse(writer, _version, response) {
    writer.int32(0);
    writer.array(response.resources, (w, result) => {
      w.int16(result.errorCode).nullableString(result.errorMessage).int8(result.type).string(result.name);
    });
  },
};
