/**
 * Finds the first record at or after a timestamp inside one stored batch. Uncompressed and gzip
 * batches are read record by record; for other codecs (no decoder in node) the batch's base offset
 * is the answer, which is still the first batch that reaches the timestamp.
 */
import zlib from 'node:zlib';
import { BATCH_HEADER_SIZE, readBatchHeader } from './RecordBatch.js';

const CODEC_MASK = 0x07;
const GZIP = 1;
const LOG_APPEND_TIME_FLAG = 0x08;

class VarintCursor {
  constructor(
    private readonly data: Buffer,
    public at: number,
  ) {}

  /** Zigzag varint, read with floating-point arithmetic so 64-bit deltas stay exact below 2^53. */
  signed(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.data[this.at++];
      if (byte === undefined) throw new RangeError('varint runs past the batch');
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) break;
      scale *= 128;
    }
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  }
}

export function offsetForTimestampInBatch(batch: Buffer, timestamp: number): number {
  const header = readBatchHeader(batch);
  const codec = header.attributes & CODEC_MASK;
  if ((header.attributes & LOG_APPEND_TIME_FLAG) !== 0 || (codec !== 0 && codec !== GZIP)) return header.baseOffset;
  const records =
    codec === GZIP ? zlib.gunzipSync(batch.subarray(BATCH_HEADER_SIZE)) : batch.subarray(BATCH_HEADER_SIZE);
  const cursor = new VarintCursor(records, 0);
  for (let i = 0; i < header.recordCount && cursor.at < records.length; i++) {
    const length = cursor.signed();
    const end = cursor.at + length;
    cursor.at += 1;
    const timestampDelta = cursor.signed();
    const offsetDelta = cursor.signed();
    if (header.baseTimestamp + timestampDelta >= timestamp) return header.baseOffset + offsetDelta;
    cursor.at = end;
  }
  return header.baseOffset + header.lastOffsetDelta + 1;
}
