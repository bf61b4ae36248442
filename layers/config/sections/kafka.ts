import { boolVar, enumVar, intVar, optionalStringVar, portVar, stringVar } from '../env.js';

export const kafkaSection = {
  brokers: optionalStringVar(
    'KAFKA_BROKERS',
    'Comma-separated Kafka bootstrap servers; unset starts the embedded broker.',
  ),
  topic: stringVar('KAFKA_TOPIC', 'coinbase.raw', 'Topic the producer writes raw Coinbase frames to.'),
  brokerHost: stringVar('BROKER_HOST', '127.0.0.1', 'Address the embedded Kafka-protocol broker binds to.'),
  brokerAdvertisedHost: optionalStringVar(
    'BROKER_ADVERTISED_HOST',
    'Host the embedded broker tells clients to connect to; unset uses BROKER_HOST (127.0.0.1 for 0.0.0.0).',
  ),
  brokerPort: intVar('BROKER_PORT', 9092, 'Port of the embedded Kafka-protocol broker.', { min: 0, max: 65535 }),
  brokerMetricsPort: portVar('BROKER_METRICS_PORT', 0, 'Port of the embedded broker /metrics endpoint; 0 serves none.'),
  defaultPartitions: intVar(
    'BROKER_DEFAULT_PARTITIONS',
    4,
    'Partitions of an auto-created topic on the embedded broker.',
    {
      min: 1,
      max: 1024,
    },
  ),
  brokerAutoCreateTopics: boolVar(
    'BROKER_AUTO_CREATE_TOPICS',
    true,
    'Create an unknown topic on Metadata or Produce, as Kafka does by default.',
  ),
  brokerFsync: enumVar(
    'BROKER_FSYNC',
    'interval',
    ['always', 'interval', 'never'] as const,
    'When the embedded broker fsyncs its log: before every acknowledgement, every BROKER_FSYNC_INTERVAL_MS, or never.',
  ),
  brokerFsyncIntervalMs: intVar(
    'BROKER_FSYNC_INTERVAL_MS',
    1000,
    'Milliseconds between fsyncs with BROKER_FSYNC=interval.',
    {
      min: 1,
      max: 3_600_000,
    },
  ),
  brokerSegmentBytes: intVar('BROKER_SEGMENT_BYTES', 268_435_456, 'Size at which a partition log segment is rolled.', {
    min: 1024,
    max: 2_147_483_647,
  }),
  brokerRetentionMs: intVar(
    'BROKER_RETENTION_MS',
    604_800_000,
    'Closed log segments older than this are deleted; -1 keeps them forever.',
    { min: -1, max: Number.MAX_SAFE_INTEGER },
  ),
  brokerRetentionBytes: intVar(
    'BROKER_RETENTION_BYTES',
    -1,
    'Oldest closed segments are deleted while a partition is larger than this; -1 means no size limit.',
    { min: -1, max: Number.MAX_SAFE_INTEGER },
  ),
  // Embedded broker identity and limits (issue #12): bounds that keep one request or one data
  // folder from exhausting the broker's descriptors or memory.
  brokerNodeId: intVar(
    'BROKER_NODE_ID',
    1,
    'Node id the embedded broker reports in Metadata, FindCoordinator and DescribeCluster.',
    {
      min: 0,
      max: 2_147_483_647,
    },
  ),
  brokerMaxPartitionsPerRequest: intVar(
    'BROKER_MAX_PARTITIONS_PER_REQUEST',
    1000,
    'Most partitions one CreateTopics or CreatePartitions request may add on the embedded broker; a CreateTopics past it is refused whole with POLICY_VIOLATION, as Kafka does.',
    { min: 1, max: 1_000_000 },
  ),
  brokerMaxPartitionsPerTopic: intVar(
    'BROKER_MAX_PARTITIONS_PER_TOPIC',
    1024,
    'Most partitions one topic may have on the embedded broker.',
    { min: 1, max: 1_000_000 },
  ),
  brokerMaxPartitions: intVar(
    'BROKER_MAX_PARTITIONS',
    10_000,
    'Most partitions across all topics of the embedded broker; topics past it on disk are skipped at start with a warning.',
    { min: 1, max: 10_000_000 },
  ),
  brokerMaxOpenFiles: intVar(
    'BROKER_MAX_OPEN_FILES',
    1000,
    'Most log segment files the embedded broker keeps open; the least recently used are closed.',
    { min: 8, max: 1_000_000 },
  ),
} as const;
