/** Builds uncompressed magic-2 record batches for broker tests (the layout kafkajs and librdkafka send). */
import { crc32c } from '../../../local/broker/log/crc32c.js';

export interface TestRecord {
  readonly value: string;
  readonly key?: string;
  readonly timestampDelta?: number;
}

export interface BatchOptions {
  readonly baseTimestamp?: number;
  readonly producerId?: number;
  readonly producerEpoch?: number;
  readonly baseSequence?: number;
}

function zigzag(value: number): number[] {
  let rest = value >= 0 ? value * 2 : -value * 2 - 1;
  const bytes: number[] = [];
  while (rest >= 0x80) {
    bytes.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

function encodeRecord(record: TestRecord, offsetDelta: number): Buffer {
  const key = record.key === undefined ? null : Buffer.from(record.key);
  const value = Buffer.from(record.value);
  const body = Buffer.concat([
    Buffer.from([0]),
    Buffer.from(zigzag(record.timestampDelta ?? 0)),
    Buffer.from(zigzag(offsetDelta)),
    Buffer.from(zigzag(key === null ? -1 : key.length)),
    key ?? Buffer.alloc(0),
    Buffer.from(zigzag(value.length)),
    value,
    Buffer.from(zigzag(0)),
  ]);
  return Buffer.concat([Buffer.from(zigzag(body.length)), body]);
}

export function buildBatch(records: readonly TestRecord[], options: BatchOptions = {}): Buffer {
  const baseTimestamp = options.baseTimestamp ?? 1_700_000_000_000;
  const encoded = Buffer.concat(records.map((record, i) => encodeRecord(record, i)));
  const header = Buffer.alloc(61);
  header.writeBigInt64BE(0n, 0);
  header.writeInt32BE(61 - 12 + encoded.length, 8);
  header.writeInt32BE(0, 12);
  header.writeInt8(2, 16);
  header.writeInt16BE(0, 21);
  header.writeInt32BE(records.length - 1, 23);
  header.writeBigInt64BE(BigInt(baseTimestamp), 27);
  const maxDelta = Math.max(...records.map((record) => record.timestampDelta ?? 0));
  header.writeBigInt64BE(BigInt(baseTimestamp + maxDelta), 35);
  header.writeBigInt64BE(BigInt(options.producerId ?? -1), 43);
  header.writeInt16BE(options.producerEpoch ?? -1, 51);
  header.writeInt32BE(options.baseSequence ?? -1, 53);
  header.writeInt32BE(records.length, 57);
  const batch = Buffer.concat([header, encoded]);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}
