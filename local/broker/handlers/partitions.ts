/** CreatePartitions (grow a topic, within the partition limits) and DeleteRecords (move log start offsets). */
import type { CreatePartitionsRequest, CreatePartitionsResponse } from '../protocol/apis/createPartitions.js';
import type { DeleteRecordsRequest, DeleteRecordsResponse } from '../protocol/apis/deleteRecords.js';
import { BrokerError, ErrorCode } from '../protocol/errors.js';
import { type BrokerContext, errorCodeOf } from './BrokerContext.js';

function refuse(code: BrokerError['code'], message: string): never {
  throw new BrokerError(code, message, false);
}

export function handleCreatePartitions(
  context: BrokerContext,
  request: CreatePartitionsRequest,
): CreatePartitionsResponse {
  const { maxPartitionsPerRequest } = context.settings;
  const seen = new Map<string, number>();
  for (const topic of request.topics) seen.set(topic.name, (seen.get(topic.name) ?? 0) + 1);
  let added = 0;
  return {
    topics: request.topics.map(({ name, count, assignments }) => {
      try {
        if ((seen.get(name) ?? 0) > 1)
          refuse(ErrorCode.INVALID_REQUEST, `topic ${name} appears more than once in one CreatePartitions request`);
        context.logs.validateGrowth(name, count);
        const current = context.logs.partitions(name)?.length ?? 0;
        if (assignments !== null) {
          const wrong = assignments.find((brokers) => brokers.length !== 1 || brokers[0] !== context.node.nodeId);
          if (assignments.length !== count - current || wrong !== undefined) {
            refuse(
              ErrorCode.INVALID_REPLICA_ASSIGNMENT,
              `topic ${name}: give ${count - current} assignments of [${context.node.nodeId}], the only broker`,
            );
          }
        }
        if (added + count - current > maxPartitionsPerRequest) {
          refuse(
            ErrorCode.POLICY_VIOLATION,
            `topic ${name}: ${count - current} new partitions would bring this request to ${added + count - current}, above the limit of ${maxPartitionsPerRequest} per request (BROKER_MAX_PARTITIONS_PER_REQUEST)`,
          );
        }
        if (!request.validateOnly) context.logs.addPartitions(name, count);
        added += count - current;
        return { name, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (error) {
        return { name, errorCode: errorCodeOf(error), errorMessage: (error as Error).message };
      }
    }),
  };
}

export function handleDeleteRecords(context: BrokerContext, request: DeleteRecordsRequest): DeleteRecordsResponse {
  return {
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partition, offset }) => {
        const log = context.logs.partitions(topic.name)?.[partition];
        if (log === undefined) {
          return { partition, lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
        }
        try {
          return { partition, lowWatermark: log.deleteRecordsBefore(offset), errorCode: ErrorCode.NONE };
        } catch (error) {
          return { partition, lowWatermark: -1, errorCode: errorCodeOf(error) };
        }
      }),
    })),
  };
}
