/**
 * One log segment: `<baseOffset>.log` holds record batches back to back, `<baseOffset>.index` a
 * sparse offset index (relative offset, byte position) written when the segment is rolled or closed,
 * headed by the segment's size, next offset and largest timestamp so a closed segment reopens without
 * reading its batches.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FileHandlePool } from './FileHandlePool.js';
import {
  BATCH_HEADER_SIZE,
  type BatchHeader,
  hasValidCrc,
  LOG_OVERHEAD,
  lastOffsetOf,
  readBatchHeader,
} from './RecordBatch.js';

const INDEX_ENTRY_SIZE = 8;
const INDEX_HEADER_SIZE = 24;

export function segmentFileName(baseOffset: number, extension: 'log' | 'index'): string {
  return `${String(baseOffset).padStart(20, '0')}.${extension}`;
}

export class Segment {
  readonly logPath: string;
  readonly indexPath: string;
  size: number;
  nextOffset: number;
  maxTimestamp = -1;
  /** Sparse index: batch base offsets and their byte positions, ascending. */
  private indexOffsets: number[] = [];
  private indexPositions: number[] = [];
  private bytesSinceIndexEntry = 0;
  /** Bytes from the start whose CRC has been checked since this process opened the segment. */
  private verifiedUpTo = 0;
  dirty = false;

  private constructor(
    readonly dir: string,
    readonly baseOffset: number,
    private readonly indexIntervalBytes: number,
    private readonly files: FileHandlePool,
  ) {
    this.logPath = path.join(dir, segmentFileName(baseOffset, 'log'));
    this.indexPath = path.join(dir, segmentFileName(baseOffset, 'index'));
    this.size = fs.fstatSync(this.fd).size;
    this.nextOffset = baseOffset;
  }

  /** Borrowed from the pool for one synchronous call; never kept. */
  private get fd(): number {
    return this.files.descriptor(this.logPath);
  }

  static create(dir: string, baseOffset: number, indexIntervalBytes: number, files: FileHandlePool): Segment {
    return new Segment(dir, baseOffset, indexIntervalBytes, files);
  }

  /**
   * Opens an existing segment and rebuilds its index and bounds by walking its batches, checking
   * each CRC. The first torn or corrupt batch ends the segment: the file is truncated there and
   * `truncated` reports it.
   */
  static open(
    dir: string,
    baseOffset: number,
    indexIntervalBytes: number,
    files: FileHandlePool,
    onBatch: (header: BatchHeader) => void,
  ): { segment: Segment; truncated: boolean } {
    const segment = new Segment(dir, baseOffset, indexIntervalBytes, files);
    const truncated = segment.recover(onBatch);
    return { segment, truncated };
  }

  /**
   * Reopens a closed segment from its index file; undefined when the index is missing, stale or
   * inconsistent with the log (the caller then rebuilds it by walking the batches).
   */
  static openFromIndex(
    dir: string,
    baseOffset: number,
    indexIntervalBytes: number,
    files: FileHandlePool,
  ): Segment | undefined {
    const indexPath = path.join(dir, segmentFileName(baseOffset, 'index'));
    let index: Buffer;
    try {
      index = fs.readFileSync(indexPath);
    } catch {
      return undefined;
    }
    if (index.length < INDEX_HEADER_SIZE || (index.length - INDEX_HEADER_SIZE) % INDEX_ENTRY_SIZE !== 0)
      return undefined;
    const segment = new Segment(dir, baseOffset, indexIntervalBytes, files);
    if (Number(index.readBigInt64BE(0)) !== segment.size) return undefined;
    segment.nextOffset = Number(index.readBigInt64BE(8));
    segment.maxTimestamp = Number(index.readBigInt64BE(16));
    for (let at = INDEX_HEADER_SIZE; at < index.length; at += INDEX_ENTRY_SIZE) {
      segment.indexOffsets.push(baseOffset + index.readInt32BE(at));
      segment.indexPositions.push(index.readInt32BE(at + 4));
    }
    return segment.indexMatchesLog() ? segment : undefined;
  }

  /**
   * True when the loaded index can be trusted: entries ascend inside the segment, each points at a
   * batch with that base offset, and the batches after the last entry end exactly at the file's end
   * with the recorded next offset. Costs one header read per entry plus a walk of the last interval.
   */
  private indexMatchesLog(): boolean {
    if (this.size === 0) return this.indexOffsets.length === 0 && this.nextOffset === this.baseOffset;
    if (this.indexOffsets.length === 0 || this.indexPositions[0] !== 0) return false;
    let previousOffset = this.baseOffset - 1;
    let previousPosition = -1;
    for (let i = 0; i < this.indexOffsets.length; i++) {
      const offset = this.indexOffsets[i] as number;
      const position = this.indexPositions[i] as number;
      if (offset <= previousOffset || position <= previousPosition || offset >= this.nextOffset) return false;
      if (this.headerAt(position)?.baseOffset !== offset) return false;
      previousOffset = offset;
      previousPosition = position;
    }
    let position = previousPosition;
    let nextOffset = previousOffset;
    while (position < this.size) {
      const header = this.headerAt(position);
      if (header === undefined || header.size < BATCH_HEADER_SIZE || header.magic !== 2) return false;
      nextOffset = lastOffsetOf(header) + 1;
      position += header.size;
    }
    return position === this.size && nextOffset === this.nextOffset;
  }

  private recover(onBatch: (header: BatchHeader) => void): boolean {
    const headerBuffer = Buffer.allocUnsafe(BATCH_HEADER_SIZE);
    let position = 0;
    let expectedOffset = this.baseOffset;
    while (position < this.size) {
      const read = fs.readSync(this.fd, headerBuffer, 0, BATCH_HEADER_SIZE, position);
      if (read < BATCH_HEADER_SIZE) break;
      const header = readBatchHeader(headerBuffer);
      const valid =
        header.size >= BATCH_HEADER_SIZE &&
        position + header.size <= this.size &&
        header.magic === 2 &&
        header.baseOffset >= expectedOffset &&
        hasValidCrc(this.readAt(position, header.size));
      if (!valid) break;
      this.track(header, position);
      onBatch(header);
      expectedOffset = lastOffsetOf(header) + 1;
      position += header.size;
    }
    this.verifiedUpTo = position;
    if (position < this.size) {
      fs.ftruncateSync(this.fd, position);
      this.size = position;
      return true;
    }
    return false;
  }

  private track(header: BatchHeader, position: number): void {
    if (this.indexOffsets.length === 0 || this.bytesSinceIndexEntry >= this.indexIntervalBytes) {
      this.indexOffsets.push(header.baseOffset);
      this.indexPositions.push(position);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += header.size;
    this.nextOffset = lastOffsetOf(header) + 1;
    if (header.maxTimestamp > this.maxTimestamp) this.maxTimestamp = header.maxTimestamp;
  }

  /** Appends one batch whose baseOffset is already rewritten and whose CRC was checked. */
  append(batch: Buffer, header: BatchHeader): void {
    const position = this.size;
    let written = 0;
    while (written < batch.length)
      written += fs.writeSync(this.fd, batch, written, batch.length - written, position + written);
    if (this.verifiedUpTo === position) this.verifiedUpTo = position + batch.length;
    this.size += batch.length;
    this.track(header, position);
    this.dirty = true;
  }

  readAt(position: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    const read = fs.readSync(this.fd, buffer, 0, length, position);
    return read === length ? buffer : buffer.subarray(0, read);
  }

  headerAt(position: number): BatchHeader | undefined {
    if (position + BATCH_HEADER_SIZE > this.size) return undefined;
    return readBatchHeader(this.readAt(position, BATCH_HEADER_SIZE));
  }

  /** Byte position of the batch that contains `offset`, or undefined when the segment ends before it. */
  positionOf(offset: number): number | undefined {
    let low = 0;
    let high = this.indexOffsets.length - 1;
    let start = 0;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.indexOffsets[mid] as number) <= offset) {
        start = this.indexPositions[mid] as number;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    for (let position = start; position < this.size; ) {
      const header = this.headerAt(position);
      if (header === undefined) return undefined;
      if (lastOffsetOf(header) >= offset) return position;
      position += header.size;
    }
    return undefined;
  }

  /** Calls `visit` with each batch header from `position` on until it returns false. */
  walk(visit: (header: BatchHeader, position: number) => boolean): void {
    for (let position = 0; position < this.size; ) {
      const header = this.headerAt(position);
      if (header === undefined || !visit(header, position)) return;
      position += header.size;
    }
  }

  /**
   * Reads whole batches from `position`: at least one, then more while they fit in `maxBytes`.
   * Batches are CRC-checked the first time they are read; reading stops before a corrupt one.
   */
  readBatches(position: number, maxBytes: number): { data: Buffer; corrupt: boolean } {
    const first = this.headerAt(position);
    if (first === undefined) return { data: Buffer.alloc(0), corrupt: position < this.size };
    const length = Math.min(this.size - position, Math.max(first.size, maxBytes));
    const data = this.readAt(position, length);
    let end = 0;
    while (end + LOG_OVERHEAD <= data.length) {
      const size = LOG_OVERHEAD + data.readInt32BE(end + 8);
      if (size < BATCH_HEADER_SIZE || end + size > data.length) break;
      const absolute = position + end;
      if (absolute + size > this.verifiedUpTo) {
        if (!hasValidCrc(data, end)) return { data: data.subarray(0, end), corrupt: true };
        if (absolute <= this.verifiedUpTo) this.verifiedUpTo = absolute + size;
      }
      end += size;
    }
    return { data: data.subarray(0, end), corrupt: false };
  }

  flush(): void {
    if (!this.dirty) return;
    fs.fdatasyncSync(this.fd);
    this.dirty = false;
  }

  writeIndex(): void {
    const buffer = Buffer.allocUnsafe(INDEX_HEADER_SIZE + this.indexOffsets.length * INDEX_ENTRY_SIZE);
    buffer.writeBigInt64BE(BigInt(this.size), 0);
    buffer.writeBigInt64BE(BigInt(this.nextOffset), 8);
    buffer.writeBigInt64BE(BigInt(this.maxTimestamp), 16);
    for (let i = 0; i < this.indexOffsets.length; i++) {
      const at = INDEX_HEADER_SIZE + i * INDEX_ENTRY_SIZE;
      buffer.writeInt32BE((this.indexOffsets[i] as number) - this.baseOffset, at);
      buffer.writeInt32BE(this.indexPositions[i] as number, at + 4);
    }
    fs.writeFileSync(this.indexPath, buffer);
  }

  close(): void {
    this.flush();
    this.writeIndex();
    this.files.release(this.logPath);
  }

  delete(): void {
    this.files.release(this.logPath);
    fs.rmSync(this.logPath, { force: true });
    fs.rmSync(this.indexPath, { force: true });
  }
}
