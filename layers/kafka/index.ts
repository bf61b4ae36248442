/**
 * The project's small Kafka interface. kafkajs is unmaintained upstream, so it stays behind this
 * layer: callers use KafkaClient / KafkaProducer / KafkaError and the header constants.
 *
 * - createKafka({ brokers, clientId, logLevel }): a KafkaClient backed by kafkajs, which can also join
 *   consumer groups (consumerGroup: subscribe, run with a batch handler, explicit commit, stop).
 * - createMemoryKafka(): a recording in-memory KafkaClient for tests.
 * - KafkaError: every failure, with `retriable`.
 * - HEADER_*: the headers the Coinbase producer writes on each record.
 * - KafkaEvent: AWS Lambda's Kafka event (SelfManagedKafka), its decoding (decodeKafkaEvent) and record keys.
 */
export { KafkaError, toKafkaError } from './errors.js';
export {
  FRAME_SOURCES,
  type FrameSource,
  HEADER_CONNECTION_ID,
  HEADER_RECEIVED_AT,
  HEADER_SOURCE,
  isFrameSource,
  readProducerHeaders,
} from './headers.js';
export { createKafka } from './kafkajs.js';
export {
  type DecodedRecord,
  decodeKafkaEvent,
  isKafkaEvent,
  type KafkaEvent,
  type KafkaEventRecord,
  topicPartitionKey,
} from './lambdaEvent.js';
export { createMemoryKafka, type MemoryKafka } from './memory.js';
export type {
  CommitOffset,
  ConsumedBatch,
  ConsumedRecord,
  ConsumerGroupOptions,
  ForwardedRecord,
  KafkaAdmin,
  KafkaClient,
  KafkaClusterClient,
  KafkaGroupConsumer,
  KafkaLogLevel,
  KafkaLogSink,
  KafkaOptions,
  KafkaProducer,
  OutgoingRecord,
  ProducerOptions,
  RecordAck,
} from './types.js';
