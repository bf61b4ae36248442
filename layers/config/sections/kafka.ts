import { intVar, optionalStringVar, stringVar } from '../env.js';

export const kafkaSection = {
  brokers: optionalStringVar(
    'KAFKA_BROKERS',
    'Comma-separated Kafka bootstrap servers; unset starts the embedded broker.',
  ),
  topic: stringVar('KAFKA_TOPIC', 'coinbase.raw', 'Topic the producer writes raw Coinbase frames to.'),
  brokerPort: intVar('BROKER_PORT', 9092, 'Port of the embedded Kafka-protocol broker.', { min: 0, max: 65535 }),
  defaultPartitions: intVar(
    'BROKER_DEFAULT_PARTITIONS',
    4,
    'Partitions of an auto-created topic on the embedded broker.',
    {
      min: 1,
      max: 1024,
    },
  ),
} as const;
