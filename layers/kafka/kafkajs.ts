/** The KafkaClient implemented with kafkajs (unmaintained upstream: nothing outside this file imports it). */
import { randomUUID } from 'node:crypto';
import { Kafka, type KafkaMessage, type LogEntry, logLevel, Partitioners } from 'kafkajs';
import { toKafkaError } from './errors.js';
import type {
  CommitOffset,
  ConsumedRecord,
  ConsumerGroupOptions,
  ForwardedRecord,
  KafkaAdmin,
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

const LEVELS: Record<KafkaLogLevel, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

const QUIETED = [
  /^Limiting retries for the idempotent producer/,
  /^Connection error/,
  /^Connection timeout/,
  /^Failed to connect to seed broker/,
  /^Failed to send messages: Connection error/,
  /^Closed connection/,
];

const RANK: Record<KafkaLogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, nothing: 4 };

const defaultSink: KafkaLogSink = (level, message, fields) => {
  process.stderr.write(`${JSON.stringify({ level, component: 'kafka', message, ...fields })}\n`);
};

function sinkLevel(level: logLevel): Exclude<KafkaLogLevel, 'nothing'> {
  if (level <= logLevel.ERROR) return 'error';
  if (level === logLevel.WARN) return 'warn';
  if (level === logLevel.INFO) return 'info';
  return 'debug';
}

function toConsumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    // A header name repeated in one record decodes to an array: the record's value is the first.
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = Buffer.isBuffer(first) ? first : Buffer.from(String(first));
  }
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: message.timestamp,
    key: message.key,
    value: message.value,
    headers,
  };
}

export function createKafka(options: KafkaOptions): KafkaClusterClient {
  const sink = options.log ?? defaultSink;
  const minimum = options.logLevel ?? 'warn';
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30000,
    retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: options.retries ?? 5 },
    logLevel: LEVELS[options.logLevel ?? 'warn'],
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
        // Quiet by design: connection failures reach the caller as a retriable KafkaError (which it reports
        // once, with context), and retries are bounded on purpose; kafkajs would log each attempt.
        const expected = QUIETED.some((pattern) => pattern.test(message));
        const mapped = expected ? 'debug' : sinkLevel(level);
        if (RANK[mapped] >= RANK[minimum]) sink(mapped, message, { namespace, ...fields });
      },
  });

  function producer(producerOptions: ProducerOptions = {}): KafkaProducer {
    const idempotent = producerOptions.idempotent ?? true;
    const inner = kafka.producer({
      idempotent,
      maxInFlightRequests: idempotent ? 1 : undefined,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: true,
      retry: { initialRetryTime: 200, maxRetryTime: 5000, retries: producerOptions.retries ?? 5 },
    });
    return {
      async connect() {
        try {
          await inner.connect();
        } catch (error) {
          throw toKafkaError(error, { operation: 'producer connect' });
        }
      },
      async send(topic: string, records: readonly (OutgoingRecord | ForwardedRecord)[]): Promise<RecordAck[]> {
        try {
          const results = await inner.sendBatch({
            acks: -1,
            topicMessages: [
              {
                topic,
                messages: records.map((record) => ({
                  key: record.key,
                  value: record.value,
                  headers: record.headers ? { ...record.headers } : undefined,
                  timestamp: record.timestamp === undefined ? undefined : String(record.timestamp),
                })),
              },
            ],
          });
          return results.map((result) => ({
            topic: result.topicName,
            partition: result.partition,
            baseOffset: result.baseOffset ?? result.offset ?? '-1',
          }));
        } catch (error) {
          throw toKafkaError(error, { operation: `send of ${records.length} records`, topic });
        }
      },
      async disconnect() {
        await inner.disconnect();
      },
    };
  }

  async function admin(): Promise<KafkaAdmin> {
    const inner = kafka.admin();
    try {
      await inner.connect();
    } catch (error) {
      throw toKafkaError(error, { operation: 'admin connect' });
    }
    return {
      async ensureTopic(topic, partitions) {
        try {
          return await inner.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
        } catch (error) {
          throw toKafkaError(error, { operation: 'create topic', topic });
        }
      },
      async endOffsets(topic) {
        try {
          const offsets = await inner.fetchTopicOffsets(topic);
          return new Map(offsets.map((entry) => [entry.partition, entry.high]));
        } catch (error) {
          throw toKafkaError(error, { operation: 'fetch end offsets', topic });
        }
      },
      async disconnect() {
        await inner.disconnect();
      },
    };
  }

  async function readAll(topic: string): Promise<ConsumedRecord[]> {
    const adminClient = await admin();
    const ends = await adminClient.endOffsets(topic).finally(() => adminClient.disconnect());
    const remaining = new Map([...ends].filter(([, end]) => end !== '0'));
    const records: ConsumedRecord[] = [];
    if (remaining.size === 0) return records;
    const consumer = kafka.consumer({ groupId: `lakehouse-read-all-${randomUUID()}` });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachBatch: async ({ batch }) => {
              const end = remaining.get(batch.partition);
              if (end === undefined) return;
              for (const message of batch.messages) {
                if (BigInt(message.offset) >= BigInt(end)) break;
                records.push(toConsumedRecord(batch.topic, batch.partition, message));
                if (BigInt(message.offset) + 1n >= BigInt(end)) remaining.delete(batch.partition);
              }
              if (remaining.size === 0) resolve();
            },
          })
          .catch(reject);
      });
    } catch (error) {
      throw toKafkaError(error, { operation: 'read all', topic });
    } finally {
      await consumer.disconnect();
    }
    return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  }

  function consumerGroup(groupOptions: ConsumerGroupOptions): KafkaGroupConsumer {
    const { groupId } = groupOptions;
    const inner = kafka.consumer({
      groupId,
      maxWaitTimeInMs: groupOptions.maxWaitTimeMs,
      sessionTimeout: groupOptions.sessionTimeoutMs,
      heartbeatInterval: groupOptions.heartbeatIntervalMs,
    });
    return {
      async subscribe(topic, { fromBeginning }) {
        try {
          await inner.connect();
          await inner.subscribe({ topic, fromBeginning });
        } catch (error) {
          throw toKafkaError(error, { operation: `consumer group ${groupId} subscribe`, topic });
        }
      },
      async run(eachBatch) {
        // kafkajs's own offset handling is off: commits happen only in commit().
        await inner.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
            const records = batch.messages.map((message) => toConsumedRecord(batch.topic, batch.partition, message));
            for (const message of batch.messages) resolveOffset(message.offset);
            await eachBatch({ records, heartbeat, isRunning });
          },
        });
      },
      async commit(offsets: readonly CommitOffset[]) {
        try {
          await inner.commitOffsets(offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset })));
        } catch (error) {
          const where = offsets.map(({ topic, partition, offset }) => `${topic}-${partition}@${offset}`).join(', ');
          throw toKafkaError(error, { operation: `consumer group ${groupId} commit of ${where}` });
        }
      },
      async stop() {
        await inner.disconnect();
      },
    };
  }

  return { producer, admin, readAll, consumerGroup };
}
