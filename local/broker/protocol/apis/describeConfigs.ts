/** DescribeConfigs (key 32), v0-v2 (kafkajs 2.2.4's maximum): v1 adds synonyms and the config source. */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

/** Kafka's resource types in config APIs. */
export const ResourceType = { TOPIC: 2, BROKER: 4 } as const;

/** Kafka's config sources (DescribeConfigs v1+). */
export const ConfigSource = { DYNAMIC_TOPIC_CONFIG: 1, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5 } as const;

export interface DescribeConfigsRequest {
  readonly resources: readonly { type: number; name: string; configNames: readonly string[] | null }[];
  readonly includeSynonyms: boolean;
}

export interface DescribedConfig {
  readonly name: string;
  readonly value: string | null;
  readonly readOnly: boolean;
  readonly source: number;
  readonly sensitive: boolean;
}

export interface DescribeConfigsResource {
  readonly errorCode: ErrorCodeValue;
  readonly errorMessage: string | null;
  readonly type: number;
  readonly name: string;
  readonly configs: readonly DescribedConfig[];
}

export interface DescribeConfigsResponse {
  readonly resources: readonly DescribeConfigsResource[];
}

export const describeConfigsApi: ApiCodec<DescribeConfigsRequest, DescribeConfigsResponse> = {
  key: 32,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 2,
  decodeRequest(reader, version) {
    const resources = reader.array((r) => ({
      type: r.int8(),
      name: r.string(),
      configNames: r.nullableArray((cr) => cr.string()),
    }));
    return { resources, includeSynonyms: version >= 1 ? reader.bool() : false };
  },
  encodeResponse(writer, version, response) {
    writer.int32(0);
    writer.array(response.resources, (w, resource) => {
      w.int16(resource.errorCode).nullableString(resource.errorMessage).int8(resource.type).string(resource.name);
      w.array(resource.configs, (cw, config) => {
        cw.string(config.name).nullableString(config.value).bool(config.readOnly);
        if (version >= 1) cw.int8(config.source);
        else cw.bool(config.source === ConfigSource.DEFAULT_CONFIG);
        cw.bool(config.sensitive);
        if (version >= 1) cw.array([], () => undefined);
      });
    });
  },
};
