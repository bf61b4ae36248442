/** ApiVersions (key 18), v0-v3; v3 is the flexible encoding (compact arrays, tagged fields). */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';

export interface ApiVersionRange {
  readonly key: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

export interface ApiVersionsResponse {
  readonly errorCode: ErrorCodeValue;
  readonly apis: readonly ApiVersionRange[];
}

export const apiVersionsApi: ApiCodec<Record<string, never>, ApiVersionsResponse> = {
  key: 18,
  name: 'ApiVersions',
  minVersion: 0,
  maxVersion: 3,
  firstFlexibleVersion: 3,
  decodeRequest(reader, version) {
    if (version >= 3) {
      reader.compactNullableString();
      reader.compactNullableString();
      reader.skipTaggedFields();
    }
    return {};
  },
  encodeResponse(writer, version, response) {
    writer.int16(response.errorCode);
    if (version >= 3) {
      writer.compactArray(response.apis, (w, api) => {
        w.int16(api.key).int16(api.minVersion).int16(api.maxVersion).emptyTaggedFields();
      });
      writer.int32(0).emptyTaggedFields();
      return;
    }
    writer.array(response.apis, (w, api) => {
      w.int16(api.key).int16(api.minVersion).int16(api.maxVersion);
    });
    if (version >= 1) writer.int32(0);
  },
};
