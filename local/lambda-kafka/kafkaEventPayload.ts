/** Builds AWS's SelfManagedKafka event from consumed records (grouped by "<topic>-<partition>"). */
import type { KafkaEvent, KafkaEventRecord } from '../../layers/pipeline/kafka/KafkaEvent.js';
import { partitionKey } from '../../layers/pipeline/kafka/KafkaEvent.js';

export interface PolledRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer | string | undefined>>;
}

export function toEventRecord(record: PolledRecord): KafkaEventRecord {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: Number(record.offset),
    timestamp: Number(record.timestamp),
    timestampType: 'CREATE_TIME',
    key: record.key === null ? null : record.key.toString('base64'),
    value: record.value === null ? null : record.value.toString('base64'),
    headers: Object.entries(record.headers)
      .filter((entry): entry is [string, Buffer | string] => entry[1] !== undefined)
      .map(([name, value]) => ({ [name]: [...(typeof value === 'string' ? Buffer.from(value) : value)] })),
  };
}

export function kafkaEvent(records: readonly PolledRecord[], bootstrapServers: string): KafkaEvent {
  const grouped: Record<string, KafkaEventRecord[]> = {};
  for (const record of records) {
    const key = partitionKey(record.topic, record.partition);
    const list = grouped[key] ?? [];
    list.push(toEventRecord(record));
    grouped[key] = list;
  }
  return { eventSource: 'SelfManagedKafka', bootstrapServers, records: grouped };
}

/** Rough size of a record in the JSON payload (base64 inflates by 4/3; header bytes print as numbers). */
export function payloadBytes(record: PolledRecord): number {
  let headerBytes = 0;
  for (const value of Object.values(record.headers)) headerBytes += value === undefined ? 0 : value.length * 4 + 16;
  return Math.ceil(((record.value?.length ?? 0) + (record.key?.length ?? 0)) * 1.34) + headerBytes + 160;
}
