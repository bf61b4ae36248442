/**
 * AWS Lambda's Kafka event (SelfManagedKafka, or aws:kafka for MSK): records grouped by
 * "<topic>-<partition>", key and value base64, header values as byte arrays. The local event-source
 * mapping builds it and the bronze writer decodes it, so its shape lives here with Kafka.
 */
import { decodeRecordValue } from './recordValue.js';

export interface KafkaEventRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: 'CREATE_TIME' | 'LOG_APPEND_TIME';
  readonly key?: string | null;
  readonly value: string | null;
  readonly headers: readonly Readonly<Record<string, readonly number[]>>[];
}

export interface KafkaEvent {
  readonly eventSource: 'SelfManagedKafka' | 'aws:kafka';
  readonly eventSourceArn?: string;
  readonly bootstrapServers?: string;
  readonly records: Readonly<Record<string, readonly KafkaEventRecord[]>>;
}

/** A record decoded for the pipeline: value text and headers as strings. */
export interface DecodedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly timestampMs: number;
  /** The value's text; its bytes in base64 when they are not valid UTF-8 (valueError says so). */
  readonly value: string;
  readonly valueError?: string;
  readonly headers: ReadonlyMap<string, string>;
}

export function isKafkaEvent(event: unknown): event is KafkaEvent {
  if (typeof event !== 'object' || event === null) return false;
  const { eventSource, records } = event as { eventSource?: unknown; records?: unknown };
  return (eventSource === 'SelfManagedKafka' || eventSource === 'aws:kafka') && typeof records === 'object';
}

/** A header's byte values as text; the producer's headers are ASCII, decoded without a Buffer. */
function headerText(bytes: readonly number[]): string {
  let text = '';
  for (const byte of bytes) {
    if (byte > 0x7f) return Buffer.from(bytes).toString('utf8');
    text += String.fromCharCode(byte);
  }
  return text;
}

export function decodeKafkaEvent(event: KafkaEvent): DecodedRecord[] {
  const decoded: DecodedRecord[] = [];
  for (const records of Object.values(event.records)) {
    for (const record of records) {
      const headers = new Map<string, string>();
      for (const header of record.headers ?? []) {
        for (const [name, bytes] of Object.entries(header)) headers.set(name, headerText(bytes));
      }
      const value = decodeRecordValue(record.value === null ? new Uint8Array() : Buffer.from(record.value, 'base64'));
      decoded.push({
        topic: record.topic,
        partition: record.partition,
        offset: BigInt(record.offset),
        timestampMs: record.timestamp,
        ...(value.ok ? { value: value.text } : { value: value.base64, valueError: value.reason }),
        headers,
      });
    }
  }
  return decoded;
}

/** The key of a topic-partition's records in a Kafka event ("<topic>-<partition>"). */
export function topicPartitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
