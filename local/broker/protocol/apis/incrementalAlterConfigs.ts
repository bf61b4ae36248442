/**
 * IncrementalAlterConfigs (key 44), v0-v1 (v1 is flexible): SET, DELETE, APPEND or SUBTRACT single
 * entries. kafkajs does not send it; librdkafka (confluent-kafka's incremental_alter_configs) does.
 */
import type { ApiCodec } from '../Api.js';
import type { AlterConfigsResponse } from './alterConfigs.js';

export const ConfigOperation = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export interface IncrementalConfigChange {
  readonly name: string;
  readonly operation: number;
  readonly value: string | null;
}

export interface IncrementalAlterConfigsRequest {
  readonly resources: readonly { type: number; name: string; configs: readonly IncrementalConfigChange[] }[];
  readonly validateOnly: boolean;
}

export const incrementalAlterConfigsApi: ApiCodec<IncrementalAlterConfigsRequest, AlterConfigsResponse> = {
  key: 44,
  name: 'IncrementalAlterConfigs',
  minVersion: 0,
  maxVersion: 1,
  firstFlexibleVersion: 1,
  decodeRequest(reader, version) {
    const flexible = version >= 1;
    const string = (): string => (flexible ? reader.compactString() : reader.string());
    const readChange = (): IncrementalConfigChange => {
      const name = string();
      const operation = reader.int8();
      const value = flexible ? reader.compactNullableString() : reader.nullableString();
      if (flexible) reader.skipTaggedFields();
      return { name, operation, value };
    };
    const readResource = () => {
      const type = reader.int8();
      const name = string();
      const configs = flexible ? reader.compactArray(readChange) : reader.array(readChange);
      if (flexible) reader.skipTaggedFields();
      return { type, name, configs };
    };
    const resources = flexible ? reader.compactArray(readResource) : reader.array(readResource);
    const validateOnly = reader.bool();
    if (flexible) reader.skipTaggedFields();
    return { resources, validateOnly };
  },
  encodeResponse(writer, version, response) {
    writer.int32(0);
    if (version >= 1) {
      writer.compactArray(response.resources, (w, result) => {
        w.int16(result.errorCode).compactString(result.errorMessage).int8(result.type).compactString(result.name);
        w.emptyTaggedFields();
      });
      writer.emptyTaggedFields();
      return;
    }
    writer.array(response.resources, (w, result) => {
      w.int16(result.errorCode).nullableString(result.errorMessage).int8(result.type).string(result.name);
    });
  },
};
