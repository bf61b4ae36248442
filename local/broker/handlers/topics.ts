/** Topic- and cluster-level requests: Metadata, DescribeCluster, ListOffsets, DeleteTopics. */

import { validateTopicName } from '../log/LogManager.js';
import type { DeleteTopicsResponse } from '../protocol/apis/deleteTopics.js';
import {
  type DescribeClusterRequest,
  type DescribeClusterResponse,
  ENDPOINT_TYPE_BROKERS,
  OPERATIONS_NOT_REQUESTED,
} from '../protocol/apis/describeCluster.js';
import { READ_COMMITTED } from '../protocol/apis/fetch.js';
import {
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  type ListOffsetsRequest,
  type ListOffsetsResponse,
} from '../protocol/apis/listOffsets.js';
import type { MetadataRequest, MetadataResponse, TopicMetadata } from '../protocol/apis/metadata.js';
import { ErrorCode } from '../protocol/errors.js';
import { type BrokerContext, errorCodeOf, partitionsOf } from './BrokerContext.js';

function describeTopic(context: BrokerContext, name: string, autoCreate: boolean): TopicMetadata {
  try {
    if (autoCreate) validateTopicName(name);
    const logs = partitionsOf(context, name, autoCreate);
    return {
      errorCode: ErrorCode.NONE,
      name,
      partitions: logs.map((log) => ({ errorCode: ErrorCode.NONE, partition: log.partition })),
    };
  } catch (error) {
    return { errorCode: errorCodeOf(error), name, partitions: [] };
  }
}

export function handleMetadata(context: BrokerContext, request: MetadataRequest): MetadataResponse {
  const names = request.topics ?? context.logs.topicNames();
  return {
    broker: context.node,
    clusterId: context.settings.clusterId,
    topics: names.map((name) =>
      describeTopic(context, name, request.topics !== null && request.allowAutoTopicCreation),
    ),
  };
}

/** The one broker is also the controller, whichever endpoint type is asked for. */
export function handleDescribeCluster(
  context: BrokerContext,
  request: DescribeClusterRequest,
): DescribeClusterResponse {
  const known = request.endpointType === ENDPOINT_TYPE_BROKERS || request.endpointType === 2;
  return {
    errorCode: known ? ErrorCode.NONE : ErrorCode.INVALID_REQUEST,
    errorMessage: known ? null : `unknown endpoint type ${request.endpointType} (1 brokers, 2 controllers)`,
    endpointType: request.endpointType,
    clusterId: context.settings.clusterId,
    controllerId: context.node.nodeId,
    brokers: known ? [context.node] : [],
    clusterAuthorizedOperations: OPERATIONS_NOT_REQUESTED,
  };
}

export function handleListOffsets(context: BrokerContext, request: ListOffsetsRequest): ListOffsetsResponse {
  return {
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partition, timestamp }) => {
        const log = context.logs.partitions(topic.name)?.[partition];
        if (log === undefined) {
          return { partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, timestamp: -1, offset: -1 };
        }
        let offset: number;
        if (timestamp === EARLIEST_TIMESTAMP) offset = log.logStartOffset;
        else if (timestamp === LATEST_TIMESTAMP)
          offset = request.isolationLevel === READ_COMMITTED ? log.lastStableOffset : log.logEndOffset;
        else offset = log.offsetForTimestamp(timestamp);
        return { partition, errorCode: ErrorCode.NONE, timestamp: -1, offset };
      }),
    })),
  };
}

export function handleDeleteTopics(context: BrokerContext, request: { topics: string[] }): DeleteTopicsResponse {
  return {
    topics: request.topics.map((name) => {
      try {
        context.logs.deleteTopic(name);
        context.coordinator.forgetTopic(name);
        return { name, errorCode: ErrorCode.NONE };
      } catch (error) {
        return { name, errorCode: errorCodeOf(error) };
      }
    }),
  };
}
