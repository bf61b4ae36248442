/** Builds AWS's SelfManagedKafka event from consumed records (grouped by "<topic>-<partition>"). */
import type { ConsumedRecord, KafkaEvent, KafkaEventRecord } from '../../layers/kafka/index.js';
import { topicPartitionKey } from '../../layers/kafka/index.js';

/** A header value as the JSON array of byte values AWS sends (a loop: spreading a Buffer is several times slower). */
function byteArray(bytes: Buffer): number[] {
  const array = new Array<number>(bytes.length);
  for (let index = 0; index < bytes.length; index += 1) array[index] = bytes[index] as number;
  return array;
}

export function toEventRecord(record: ConsumedRecord): KafkaEventRecord {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: Number(record.offset),
    timestamp: Number(record.timestamp),
    timestampType: 'CREATE_TIME',
    key: record.key === null ? null : record.key.toString('base64'),
    value: record.value === null ? null : record.value.toString('base64'),
    headers: Object.entries(record.headers).map(([name, value]) => ({ [name]: byteArray(value) })),
  };
}

export function kafkaEvent(records: readonly ConsumedRecord[], bootstrapServers: string): KafkaEvent {
  const grouped: Record<string, KafkaEventRecord[]> = {};
  for (const record of records) {
    const key = topicPartitionKey(record.topic, record.partition);
    const list = grouped[key] ?? [];
    list.push(toEventRecord(record));
    grouped[key] = list;
  }
  return { eventSource: 'SelfManagedKafka', bootstrapServers, records: grouped };
}

/** Rough size of a record in the JSON payload (base64 inflates by 4/3; header bytes print as numbers). */
export function payloadBytes(record: ConsumedRecord): number {
  let headerBytes = 0;
  for (const value of Object.values(record.headers)) headerBytes += value.length * 4 + 16;
  return Math.ceil(((record.value?.length ?? 0) + (record.key?.length ?? 0)) * 1.34) + headerBytes + 160;
}
