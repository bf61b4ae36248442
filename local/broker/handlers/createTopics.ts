/**
 * CreateTopics, validated as Kafka validates it: every topic of the request gets its own error code
 * (INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_REPLICA_ASSIGNMENT,
 * INVALID_CONFIG, INVALID_REQUEST for duplicates), and the partitions one request may add, one topic
 * may have and the broker may hold are bounded (POLICY_VIOLATION / INVALID_PARTITIONS past them).
 */
import { validateTopicName } from '../log/LogManager.js';
import { validateTopicConfig } from '../log/topicConfig.js';
import type {
  CreateTopicRequest,
  CreateTopicsRequest,
  CreateTopicsResponse,
  ReplicaAssignment,
} from '../protocol/apis/createTopics.js';
import { BrokerError, ErrorCode } from '../protocol/errors.js';
import { type BrokerContext, errorCodeOf } from './BrokerContext.js';

function refuse(code: BrokerError['code'], message: string): never {
  throw new BrokerError(code, message, false);
}

/** Throws INVALID_REPLICA_ASSIGNMENT unless partitions 0..n-1 are each assigned to this broker alone. */
function checkAssignments(topic: string, assignments: readonly ReplicaAssignment[], nodeId: number): void {
  const sorted = [...assignments].sort((a, b) => a.partition - b.partition);
  sorted.forEach((assignment, index) => {
    if (assignment.partition !== index) {
      refuse(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `topic ${topic}: assigned partitions must be 0..${sorted.length - 1} each once, found partition ${assignment.partition}`,
      );
    }
    if (assignment.brokers.length !== 1 || assignment.brokers[0] !== nodeId) {
      refuse(
        ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        `topic ${topic} partition ${assignment.partition}: replicas [${assignment.brokers.join(', ')}] must be [${nodeId}], the only broker`,
      );
    }
  });
}

/** The partition count the topic asks for, after checking its shape; throws the Kafka error otherwise. */
function partitionCountOf(context: BrokerContext, topic: CreateTopicRequest): number {
  validateTopicName(topic.name);
  if (topic.assignments.length > 0) {
    if (topic.numPartitions !== -1 || topic.replicationFactor !== -1) {
      refuse(
        ErrorCode.INVALID_REQUEST,
        `topic ${topic.name}: give either a replica assignment or num_partitions/replication_factor, not both`,
      );
    }
    checkAssignments(topic.name, topic.assignments, context.node.nodeId);
    return topic.assignments.length;
  }
  if (topic.numPartitions === 0 || topic.numPartitions < -1) {
    refuse(
      ErrorCode.INVALID_PARTITIONS,
      `topic ${topic.name}: ${topic.numPartitions} partitions; use >= 1, or -1 for the default`,
    );
  }
  if (topic.replicationFactor !== -1 && topic.replicationFactor !== 1) {
    refuse(
      ErrorCode.INVALID_REPLICATION_FACTOR,
      `topic ${topic.name}: replication factor ${topic.replicationFactor}; this single broker takes 1, or -1 for the default`,
    );
  }
  return topic.numPartitions === -1 ? context.settings.defaultPartitions : topic.numPartitions;
}

function overridesOf(topic: CreateTopicRequest): Map<string, string> {
  const overrides = new Map<string, string>();
  for (const { name, value } of topic.configs) {
    if (overrides.has(name)) refuse(ErrorCode.INVALID_REQUEST, `topic ${topic.name}: config ${name} given twice`);
    validateTopicConfig(topic.name, name, value);
    overrides.set(name, value as string);
  }
  return overrides;
}

export function handleCreateTopics(context: BrokerContext, request: CreateTopicsRequest): CreateTopicsResponse {
  const { maxPartitionsPerRequest } = context.settings;
  const seen = new Map<string, number>();
  for (const topic of request.topics) seen.set(topic.name, (seen.get(topic.name) ?? 0) + 1);
  let requested = 0;
  return {
    topics: request.topics.map((topic) => {
      try {
        if ((seen.get(topic.name) ?? 0) > 1) {
          refuse(ErrorCode.INVALID_REQUEST, `topic ${topic.name} appears more than once in one CreateTopics request`);
        }
        const partitions = partitionCountOf(context, topic);
        const overrides = overridesOf(topic);
        if (context.logs.partitions(topic.name) !== undefined) {
          refuse(ErrorCode.TOPIC_ALREADY_EXISTS, `topic ${topic.name} already exists`);
        }
        context.logs.validateNewPartitions(topic.name, partitions);
        if (requested + partitions > maxPartitionsPerRequest) {
          refuse(
            ErrorCode.POLICY_VIOLATION,
            `topic ${topic.name}: ${partitions} partitions would bring this request to ${requested + partitions}, above the limit of ${maxPartitionsPerRequest} per request (BROKER_MAX_PARTITIONS_PER_REQUEST)`,
          );
        }
        requested += partitions;
        if (!request.validateOnly) context.logs.createTopic(topic.name, partitions, overrides);
        return { name: topic.name, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (error) {
        return { name: topic.name, errorCode: errorCodeOf(error), errorMessage: (error as Error).message };
      }
    }),
  };
}
