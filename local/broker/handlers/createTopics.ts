/**
 * CreateTopics, validated as Kafka validates it: every topic of the request gets its own error code
 * (INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_REPLICA_ASSIGNMENT,
 * INVALID_CONFIG, INVALID_REQUEST for duplicates), and the partitions one request may add, one topic
 * may have and the broker may hold are bounded: past the per-request bound the whole request is
 * refused with POLICY_VIOLATION, as Kafka does; past the per-topic bound the topic gets
 * INVALID_PARTITIONS, past the broker's bound POLICY_VIOLATION.
 */
import { validateTopicName } from '../log/LogManager.js';
import { validateTopicConfig } from '../log/topicConfig.js';
import type {
  CreateTopicRequest,
  CreateTopicsRequest,
  CreateTopicsResponse,
  ReplicaAssignment,
} from '../protocol/apis/createTopics.js';
import { BrokerError, ErrorCode, type ErrorCodeValue } from '../protocol/errors.js';
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

type TopicOutcome = { readonly name: string; readonly errorCode: ErrorCodeValue; readonly errorMessage: string | null };

function failure(name: string, error: unknown): TopicOutcome {
  return { name, errorCode: errorCodeOf(error), errorMessage: (error as Error).message };
}

/**
 * Kafka answers a CreateTopics whose topics add up to too many partitions by refusing every topic
 * of it with POLICY_VIOLATION (its controller bounds the records one request may write), so a
 * client asking for a million partitions learns it from the whole request, not topic by topic.
 */
function requestTooLarge(topics: readonly { readonly name: string }[], total: number, limit: number): TopicOutcome[] {
  const errorMessage = `this request asks for ${total} partitions in total, above the limit of ${limit} per request (BROKER_MAX_PARTITIONS_PER_REQUEST); none of its topics was created`;
  return topics.map(({ name }) => ({ name, errorCode: ErrorCode.POLICY_VIOLATION, errorMessage }));
}

export function handleCreateTopics(context: BrokerContext, request: CreateTopicsRequest): CreateTopicsResponse {
  const seen = new Map<string, number>();
  for (const topic of request.topics) seen.set(topic.name, (seen.get(topic.name) ?? 0) + 1);
  // Like Kafka, a name given twice gets one answer, after the others.
  const unique = request.topics.filter((topic) => seen.get(topic.name) === 1);
  const duplicates: TopicOutcome[] = [...seen]
    .filter(([, count]) => count > 1)
    .map(([name]) => ({
      name,
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: `topic ${name} appears more than once in one CreateTopics request`,
    }));
  const shapes = unique.map((topic): { topic: CreateTopicRequest; partitions: number } | TopicOutcome => {
    try {
      return { topic, partitions: partitionCountOf(context, topic) };
    } catch (error) {
      return failure(topic.name, error);
    }
  });
  const total = shapes.reduce((sum, shape) => sum + ('partitions' in shape ? shape.partitions : 0), 0);
  const { maxPartitionsPerRequest } = context.settings;
  if (total > maxPartitionsPerRequest) {
    return { topics: requestTooLarge([...unique, ...duplicates], total, maxPartitionsPerRequest) };
  }
  const created = shapes.map((shape): TopicOutcome => {
    if (!('partitions' in shape)) return shape;
    const { topic, partitions } = shape;
    try {
      const overrides = overridesOf(topic);
      if (context.logs.partitions(topic.name) !== undefined) {
        refuse(ErrorCode.TOPIC_ALREADY_EXISTS, `topic ${topic.name} already exists`);
      }
      context.logs.validateNewPartitions(topic.name, partitions);
      if (!request.validateOnly) context.logs.createTopic(topic.name, partitions, overrides);
      return { name: topic.name, errorCode: ErrorCode.NONE, errorMessage: null };
    } catch (error) {
      return failure(topic.name, error);
    }
  });
  return { topics: [...created, ...duplicates] };
}
