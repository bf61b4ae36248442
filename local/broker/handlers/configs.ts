/**
 * DescribeConfigs, AlterConfigs and IncrementalAlterConfigs. Topics have the overrides described in
 * log/topicConfig.ts; the broker's own settings come from BROKER_* variables at start, so they are
 * described read-only and every change to them is refused with INVALID_CONFIG.
 */
import { TOPIC_CONFIG_NAMES, validateTopicConfig } from '../log/topicConfig.js';
import type { AlterConfigsRequest, AlterConfigsResponse, AlterConfigsResult } from '../protocol/apis/alterConfigs.js';
import type { ConfigEntry } from '../protocol/apis/createTopics.js';
import {
  ConfigSource,
  type DescribeConfigsRequest,
  type DescribeConfigsResource,
  type DescribeConfigsResponse,
  type DescribedConfig,
  ResourceType,
} from '../protocol/apis/describeConfigs.js';
import {
  ConfigOperation,
  type IncrementalAlterConfigsRequest,
  type IncrementalConfigChange,
} from '../protocol/apis/incrementalAlterConfigs.js';
import { BrokerError, ErrorCode } from '../protocol/errors.js';
import { type BrokerContext, errorCodeOf } from './BrokerContext.js';

function brokerConfigs(context: BrokerContext): DescribedConfig[] {
  const { settings } = context;
  const values: Record<string, string> = {
    'auto.create.topics.enable': String(settings.autoCreateTopics),
    'broker.id': String(settings.nodeId),
    'default.replication.factor': '1',
    'log.flush.interval.ms': settings.fsync === 'interval' ? String(settings.fsyncIntervalMs) : '',
    'log.flush.interval.messages': settings.fsync === 'always' ? '1' : '',
    'log.retention.bytes': String(settings.retentionBytes),
    'log.retention.ms': String(settings.retentionMs),
    'log.segment.bytes': String(settings.segmentBytes),
    'min.insync.replicas': '1',
    'node.id': String(settings.nodeId),
    'num.partitions': String(settings.defaultPartitions),
    'offsets.topic.replication.factor': '1',
    'socket.request.max.bytes': String(settings.maxRequestBytes),
  };
  return Object.entries(values)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => ({
      name,
      value,
      readOnly: true,
      source: ConfigSource.STATIC_BROKER_CONFIG,
      sensitive: false,
    }));
}

function checkBrokerName(context: BrokerContext, name: string): void {
  if (name !== '' && name !== String(context.node.nodeId)) {
    throw new BrokerError(
      ErrorCode.INVALID_REQUEST,
      `broker ${name} is not this broker (node id ${context.node.nodeId})`,
      false,
    );
  }
}

function configsOf(context: BrokerContext, type: number, name: string): DescribedConfig[] {
  if (type === ResourceType.TOPIC) {
    return context.logs.describeConfig(name).map((config) => ({
      name: config.name,
      value: config.value,
      readOnly: config.readOnly,
      source: config.isDefault ? ConfigSource.DEFAULT_CONFIG : ConfigSource.DYNAMIC_TOPIC_CONFIG,
      sensitive: false,
    }));
  }
  if (type === ResourceType.BROKER) {
    checkBrokerName(context, name);
    return brokerConfigs(context);
  }
  throw new BrokerError(
    ErrorCode.INVALID_REQUEST,
    `resource type ${type} has no configs here (2 topic, 4 broker)`,
    false,
  );
}

export function handleDescribeConfigs(
  context: BrokerContext,
  request: DescribeConfigsRequest,
): DescribeConfigsResponse {
  return {
    resources: request.resources.map(({ type, name, configNames }): DescribeConfigsResource => {
      try {
        const wanted = configNames === null || configNames.length === 0 ? undefined : new Set(configNames);
        const configs = configsOf(context, type, name).filter((config) => wanted?.has(config.name) ?? true);
        return { errorCode: ErrorCode.NONE, errorMessage: null, type, name, configs };
      } catch (error) {
        return { errorCode: errorCodeOf(error), errorMessage: (error as Error).message, type, name, configs: [] };
      }
    }),
  };
}

/** Runs `change` for one resource of an alter request and turns its outcome into the per-resource result. */
function alterOne(
  context: BrokerContext,
  type: number,
  name: string,
  change: (current: ReadonlyMap<string, string>) => Map<string, string>,
  validateOnly: boolean,
): AlterConfigsResult {
  try {
    if (type === ResourceType.BROKER) {
      checkBrokerName(context, name);
      throw new BrokerError(
        ErrorCode.INVALID_CONFIG,
        'broker configs are read-only here: set the BROKER_* environment variables and restart',
        false,
      );
    }
    if (type !== ResourceType.TOPIC) {
      throw new BrokerError(
        ErrorCode.INVALID_REQUEST,
        `resource type ${type} has no configs here (2 topic, 4 broker)`,
        false,
      );
    }
    const current = context.logs.configOverrides(name);
    if (current === undefined) {
      throw new BrokerError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${name} does not exist`, false);
    }
    const next = change(current);
    if (!validateOnly) context.logs.replaceConfig(name, next);
    return { errorCode: ErrorCode.NONE, errorMessage: null, type, name };
  } catch (error) {
    return { errorCode: errorCodeOf(error), errorMessage: (error as Error).message, type, name };
  }
}

function checkUnique(topic: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name))
      throw new BrokerError(ErrorCode.INVALID_REQUEST, `topic ${topic}: config ${name} given twice`, false);
    seen.add(name);
  }
}

function replaceAll(topic: string, entries: readonly ConfigEntry[]): Map<string, string> {
  checkUnique(
    topic,
    entries.map((entry) => entry.name),
  );
  const next = new Map<string, string>();
  for (const { name, value } of entries) {
    validateTopicConfig(topic, name, value);
    next.set(name, value as string);
  }
  return next;
}

function applyChanges(
  topic: string,
  current: ReadonlyMap<string, string>,
  changes: readonly IncrementalConfigChange[],
): Map<string, string> {
  checkUnique(
    topic,
    changes.map((change) => change.name),
  );
  const next = new Map(current);
  for (const { name, operation, value } of changes) {
    if (operation === ConfigOperation.SET) {
      validateTopicConfig(topic, name, value);
      next.set(name, value as string);
    } else if (operation === ConfigOperation.DELETE) {
      if (!TOPIC_CONFIG_NAMES.includes(name)) {
        throw new BrokerError(
          ErrorCode.INVALID_CONFIG,
          `topic ${topic}: unknown config ${JSON.stringify(name)}`,
          false,
        );
      }
      next.delete(name);
    } else if (operation === ConfigOperation.APPEND || operation === ConfigOperation.SUBTRACT) {
      throw new BrokerError(ErrorCode.INVALID_CONFIG, `topic ${topic}: ${name} is not a list config, use SET`, false);
    } else {
      throw new BrokerError(ErrorCode.INVALID_REQUEST, `topic ${topic}: unknown config operation ${operation}`, false);
    }
  }
  return next;
}

export function handleAlterConfigs(context: BrokerContext, request: AlterConfigsRequest): AlterConfigsResponse {
  return {
    resources: request.resources.map(({ type, name, configs }) =>
      alterOne(context, type, name, () => replaceAll(name, configs), request.validateOnly),
    ),
  };
}

export function handleIncrementalAlterConfigs(
  context: BrokerContext,
  request: IncrementalAlterConfigsRequest,
): AlterConfigsResponse {
  return {
    resources: request.resources.map(({ type, name, configs }) =>
      alterOne(context, type, name, (current) => applyChanges(name, current, configs), request.validateOnly),
    ),
  };
}
