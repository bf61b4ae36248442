/**
 * An in-memory KafkaClient that records what was sent: for unit tests of code that produces to
 * Kafka, and to simulate an unavailable cluster (`setAvailable(false)` makes sends fail retriably).
 */
import { KafkaError } from './errors.js';
import type {
  ConsumedRecord,
  ForwardedRecord,
  KafkaAdmin,
  KafkaClient,
  KafkaProducer,
  OutgoingRecord,
  RecordAck,
} from './types.js';

export interface MemoryKafka extends KafkaClient {
  /** Records per topic in append order (partition 0 only: ordering is global). */
  readonly topics: Map<string, ConsumedRecord[]>;
  setAvailable(available: boolean): void;
  readonly sends: number;
}

export function createMemoryKafka(): MemoryKafka {
  const topics = new Map<string, ConsumedRecord[]>();
  let available = true;
  let sends = 0;

  function log(topic: string): ConsumedRecord[] {
    let records = topics.get(topic);
    if (!records) {
      records = [];
      topics.set(topic, records);
    }
    return records;
  }

  const toBuffer = (value: string | Buffer): Buffer => (typeof value === 'string' ? Buffer.from(value) : value);

  function producer(): KafkaProducer {
    return {
      async connect() {
        if (!available) throw new KafkaError('kafka producer connect failed: cluster unavailable', unavailable());
      },
      async send(topic: string, records: readonly (OutgoingRecord | ForwardedRecord)[]): Promise<RecordAck[]> {
        await Promise.resolve();
        if (!available) throw new KafkaError(`kafka send failed (topic ${topic}): cluster unavailable`, unavailable());
        sends++;
        const target = log(topic);
        const baseOffset = String(target.length);
        for (const record of records) {
          const headers: Record<string, Buffer> = {};
          for (const [name, value] of Object.entries(record.headers ?? {})) headers[name] = toBuffer(value);
          target.push({
            topic,
            partition: 0,
            offset: String(target.length),
            timestamp: String(record.timestamp ?? Date.now()),
            key: record.key === null ? null : toBuffer(record.key),
            value: record.value === null ? null : toBuffer(record.value),
            headers,
          });
        }
        return [{ topic, partition: 0, baseOffset }];
      },
      async disconnect() {},
    };
  }

  const unavailable = () => ({ retriable: true, kind: 'KafkaJSConnectionError' });

  async function admin(): Promise<KafkaAdmin> {
    return {
      async ensureTopic(topic) {
        const existed = topics.has(topic);
        log(topic);
        return !existed;
      },
      async endOffsets(topic) {
        return new Map([[0, String(log(topic).length)]]);
      },
      async disconnect() {},
    };
  }

  return {
    topics,
    setAvailable(value) {
      available = value;
    },
    get sends() {
      return sends;
    },
    producer,
    admin,
    async readAll(topic) {
      return [...log(topic)];
    },
  };
}
