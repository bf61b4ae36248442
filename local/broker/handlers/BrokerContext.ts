/** What request handlers share: the logs, the group and transaction coordinators, metrics and this broker's identity. */
import type { BrokerSettings } from '../BrokerSettings.js';
import type { GroupCoordinator } from '../coordinator/GroupCoordinator.js';
import type { TransactionCoordinator } from '../coordinator/TransactionCoordinator.js';
import type { LogManager } from '../log/LogManager.js';
import type { PartitionLog } from '../log/PartitionLog.js';
import type { BrokerMetrics } from '../metrics/BrokerMetrics.js';
import type { BrokerNode } from '../protocol/apis/metadata.js';
import { BrokerError, ErrorCode, type ErrorCodeValue } from '../protocol/errors.js';

export interface ConnectionInfo {
  readonly clientId: string;
  readonly clientHost: string;
}

export interface BrokerContext {
  readonly settings: BrokerSettings;
  readonly logs: LogManager;
  readonly coordinator: GroupCoordinator;
  readonly transactions: TransactionCoordinator;
  readonly metrics: BrokerMetrics;
  readonly node: BrokerNode;
  nextProducerId(): number;
  /** Calls `listener` when the broker starts closing, so long polls answer at once; returns the unsubscriber. */
  onClosing(listener: () => void): () => void;
}

/** The topic's partitions, creating the topic with the default partition count when allowed. */
export function partitionsOf(context: BrokerContext, topic: string, autoCreate: boolean): readonly PartitionLog[] {
  const existing = context.logs.partitions(topic);
  if (existing !== undefined) return existing;
  if (!autoCreate || !context.settings.autoCreateTopics) {
    throw new BrokerError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${topic} does not exist`, true);
  }
  return context.logs.createTopic(topic, context.settings.defaultPartitions);
}

/** The Kafka error code for a failure; file-system errors (ENOSPC, EIO...) become KAFKA_STORAGE_ERROR. */
export function errorCodeOf(error: unknown): ErrorCodeValue {
  if (error instanceof BrokerError) return error.code;
  if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string') {
    return ErrorCode.KAFKA_STORAGE_ERROR;
  }
  throw error;
}
