/**
 * DescribeCluster (key 60), v0-v1, flexible in every version. kafkajs does not send it; librdkafka
 * (confluent-kafka's describe_cluster) and the Java admin client do.
 */
import type { ApiCodec } from '../Api.js';
import type { ErrorCodeValue } from '../errors.js';
import type { BrokerNode } from './metadata.js';

/** Sent when the client did not ask for authorized operations. */
export const OPERATIONS_NOT_REQUESTED = -2147483648;
export const ENDPOINT_TYPE_BROKERS = 1;

export interface DescribeClusterRequest {
  readonly includeClusterAuthorizedOperations: boolean;
  /** v1: 1 brokers, 2 controllers. */
  readonly endpointType: number;
}

export interface DescribeClusterResponse {
  readonly errorCode: ErrorCodeValue;
  readonly errorMessage: string | null;
  readonly endpointType: number;
  readonly clusterId: string;
  readonly controllerId: number;
  readonly brokers: readonly BrokerNode[];
  readonly clusterAuthorizedOperations: number;
}

export const describeClusterApi: ApiCodec<DescribeClusterRequest, DescribeClusterResponse> = {
  key: 60,
  name: 'DescribeCluster',
  minVersion: 0,
  maxVersion: 1,
  firstFlexibleVersion: 0,
  decodeRequest(reader, version) {
    const includeClusterAuthorizedOperations = reader.bool();
    const endpointType = version >= 1 ? reader.int8() : ENDPOINT_TYPE_BROKERS;
    reader.skipTaggedFields();
    return { includeClusterAuthorizedOperations, endpointType };
  },
  encodeResponse(writer, version, response) {
    writer.int32(0).int16(response.errorCode).compactString(response.errorMessage);
    if (version >= 1) writer.int8(response.endpointType);
    writer.compactString(response.clusterId).int32(response.controllerId);
    writer.compactArray(response.brokers, (w, broker) => {
      w.int32(broker.nodeId).compactString(broker.host).int32(broker.port).compactString(null).emptyTaggedFields();
    });
    writer.int32(response.clusterAuthorizedOperations).emptyTaggedFields();
  },
};
