/**
 * The fixed header of a Kafka record batch (magic 2). Batches are stored exactly as received;
 * only baseOffset (outside the CRC range) is rewritten, so compressed batches pass through.
 */
import { crc32c } from './crc32c.js';

/** baseOffset (8) + batchLength (4): batchLength counts the bytes after these 12. */
export const LOG_OVERHEAD = 12;
export const BATCH_HEADER_SIZE = 61;
const MAGIC_AT = 16;
const CRC_AT = 17;
const ATTRIBUTES_AT = 21;
const LAST_OFFSET_DELTA_AT = 23;
const BASE_TIMESTAMP_AT = 27;
const MAX_TIMESTAMP_AT = 35;
const PRODUCER_ID_AT = 43;
const PRODUCER_EPOCH_AT = 51;
const BASE_SEQUENCE_AT = 53;
const RECORDS_COUNT_AT = 57;
const TRANSACTIONAL_FLAG = 0x10;
const CONTROL_FLAG = 0x20;

export interface BatchHeader {
  readonly baseOffset: number;
  /** Whole batch size in bytes, LOG_OVERHEAD included. */
  readonly size: number;
  readonly magic: number;
  readonly crc: number;
  readonly attributes: number;
  readonly lastOffsetDelta: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordCount: number;
}

export function readBatchHeader(buffer: Buffer, at = 0): BatchHeader {
  return {
    baseOffset: Number(buffer.readBigInt64BE(at)),
    size: LOG_OVERHEAD + buffer.readInt32BE(at + 8),
    magic: buffer.readInt8(at + MAGIC_AT),
    crc: buffer.readUInt32BE(at + CRC_AT),
    attributes: buffer.readInt16BE(at + ATTRIBUTES_AT),
    lastOffsetDelta: buffer.readInt32BE(at + LAST_OFFSET_DELTA_AT),
    baseTimestamp: Number(buffer.readBigInt64BE(at + BASE_TIMESTAMP_AT)),
    maxTimestamp: Number(buffer.readBigInt64BE(at + MAX_TIMESTAMP_AT)),
    producerId: Number(buffer.readBigInt64BE(at + PRODUCER_ID_AT)),
    producerEpoch: buffer.readInt16BE(at + PRODUCER_EPOCH_AT),
    baseSequence: buffer.readInt32BE(at + BASE_SEQUENCE_AT),
    recordCount: buffer.readInt32BE(at + RECORDS_COUNT_AT),
  };
}

export function lastOffsetOf(header: BatchHeader): number {
  return header.baseOffset + header.lastOffsetDelta;
}

export function isTransactional(header: BatchHeader): boolean {
  return (header.attributes & TRANSACTIONAL_FLAG) !== 0;
}

/** A control batch holds one commit or abort marker, written by the broker, never by producers. */
export function isControl(header: BatchHeader): boolean {
  return (header.attributes & CONTROL_FLAG) !== 0;
}

/**
 * The control batch that ends a producer's transaction in one partition: one record whose key is
 * (version 0, type 0 abort / 1 commit) and whose value is (version 0, coordinator epoch 0). Its
 * baseOffset is set when it is appended.
 */
export function buildControlBatch(
  producerId: number,
  producerEpoch: number,
  commit: boolean,
  timestamp: number,
): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(commit ? 1 : 0, 2);
  const value = Buffer.alloc(6);
  // Record: attributes, timestamp delta 0, offset delta 0, key (zigzag length 4 = 8), value (6 = 12), no headers.
  const body = Buffer.concat([Buffer.from([0, 0, 0, 8]), key, Buffer.from([12]), value, Buffer.from([0])]);
  const record = Buffer.concat([Buffer.from([body.length * 2]), body]);
  const batch = Buffer.alloc(BATCH_HEADER_SIZE + record.length);
  batch.writeInt32BE(batch.length - LOG_OVERHEAD, 8);
  batch.writeInt8(2, MAGIC_AT);
  batch.writeInt16BE(TRANSACTIONAL_FLAG | CONTROL_FLAG, ATTRIBUTES_AT);
  batch.writeInt32BE(0, LAST_OFFSET_DELTA_AT);
  batch.writeBigInt64BE(BigInt(timestamp), BASE_TIMESTAMP_AT);
  batch.writeBigInt64BE(BigInt(timestamp), MAX_TIMESTAMP_AT);
  batch.writeBigInt64BE(BigInt(producerId), PRODUCER_ID_AT);
  batch.writeInt16BE(producerEpoch, PRODUCER_EPOCH_AT);
  batch.writeInt32BE(-1, BASE_SEQUENCE_AT);
  batch.writeInt32BE(1, RECORDS_COUNT_AT);
  record.copy(batch, BATCH_HEADER_SIZE);
  batch.writeUInt32BE(crc32c(batch, ATTRIBUTES_AT, batch.length), CRC_AT);
  return batch;
}

/** The batches of `data` (whole batches back to back) whose base offset is below `offset`. */
export function batchesBefore(data: Buffer, offset: number): Buffer {
  let end = 0;
  while (end + BATCH_HEADER_SIZE <= data.length) {
    if (Number(data.readBigInt64BE(end)) >= offset) break;
    end += LOG_OVERHEAD + data.readInt32BE(end + 8);
  }
  return end === data.length ? data : data.subarray(0, end);
}

/** True when the stored CRC32C matches the bytes from attributes to the end of the batch. */
export function hasValidCrc(batch: Buffer, at = 0): boolean {
  const size = LOG_OVERHEAD + batch.readInt32BE(at + 8);
  return batch.readUInt32BE(at + CRC_AT) === crc32c(batch, at + ATTRIBUTES_AT, at + size);
}

export function rewriteBaseOffset(batch: Buffer, baseOffset: number): void {
  batch.writeBigInt64BE(BigInt(baseOffset), 0);
}

export interface SplitBatches {
  readonly batches: Buffer[];
  /** Why the records field could not be split into whole magic-2 batches, if it could not. */
  readonly problem?: 'corrupt' | 'unsupported-magic' | 'size';
}

/** Splits a Produce request's records field into its batches, checking framing, magic and CRC. */
export function splitIncomingBatches(records: Buffer): SplitBatches {
  const batches: Buffer[] = [];
  let at = 0;
  while (at < records.length) {
    if (records.length - at < BATCH_HEADER_SIZE) return { batches, problem: 'corrupt' };
    const size = LOG_OVERHEAD + records.readInt32BE(at + 8);
    if (size < BATCH_HEADER_SIZE || at + size > records.length) return { batches, problem: 'corrupt' };
    if (records.readInt8(at + MAGIC_AT) !== 2) return { batches, problem: 'unsupported-magic' };
    if (!hasValidCrc(records, at)) return { batches, problem: 'corrupt' };
    batches.push(records.subarray(at, at + size));
    at += size;
  }
  if (batches.length === 0) return { batches, problem: 'size' };
  return { batches };
}

/** Total records in a run of whole batches, read from their headers. */
export function countRecords(data: Buffer): number {
  let count = 0;
  for (let at = 0; at + BATCH_HEADER_SIZE <= data.length; at += LOG_OVERHEAD + data.readInt32BE(at + 8)) {
    count += data.readInt32BE(at + RECORDS_COUNT_AT);
  }
  return count;
}
