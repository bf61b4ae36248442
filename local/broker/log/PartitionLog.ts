/**
 * The log of one topic-partition: an ordered list of segments in `<dataDir>/<topic>-<partition>/`.
 * Appends rewrite each batch's baseOffset and nothing else; reads return whole stored batches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BrokerError, ErrorCode } from '../protocol/errors.js';
import type { FileHandlePool } from './FileHandlePool.js';
import type { LogSettings } from './LogSettings.js';
import { ProducerState } from './ProducerState.js';
import { type BatchHeader, buildControlBatch, isControl, readBatchHeader, rewriteBaseOffset } from './RecordBatch.js';
import { Segment } from './Segment.js';
import { type AbortedTransaction, TransactionIndex } from './TransactionIndex.js';
import { offsetForTimestampInBatch } from './timestampLookup.js';

export interface AppendResult {
  readonly baseOffset: number;
  readonly appendedRecords: number;
  readonly appendedBytes: number;
}

/** What every partition of one broker shares: the bounded pool of open files and where recovery reports. */
export interface LogEnvironment {
  readonly files: FileHandlePool;
  /** Told about every repair made to the files on disk (rebuilt index, cut tail, dropped segment). */
  warn(message: string): void;
}

export class PartitionLog {
  private readonly segments: Segment[] = [];
  private readonly producers = new ProducerState();
  private readonly transactions: TransactionIndex;
  /** First offset clients may read: the oldest segment's base, or later after DeleteRecords. */
  logStartOffset = 0;
  /** Set when recovery cut a torn or corrupt tail off the log. */
  recoveredTruncation = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly dir: string,
    private settings: LogSettings,
    private readonly environment: LogEnvironment,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.transactions = new TransactionIndex(dir, environment.warn);
    const bases = fs
      .readdirSync(dir)
      .filter((name) => /^\d{20}\.log$/.test(name))
      .map((name) => Number(name.slice(0, 20)))
      .sort((a, b) => a - b);
    this.recover(bases);
    if (this.segments.length === 0) this.segments.push(this.createSegment(0));
    this.logStartOffset = Math.min(
      Math.max((this.segments[0] as Segment).baseOffset, this.readLogStartCheckpoint()),
      this.logEndOffset,
    );
  }

  private get logStartCheckpoint(): string {
    return path.join(this.dir, 'log-start-offset');
  }

  /** The offset DeleteRecords last moved the start to, or 0; an unreadable checkpoint is ignored with a warning. */
  private readLogStartCheckpoint(): number {
    let text: string;
    try {
      text = fs.readFileSync(this.logStartCheckpoint, 'utf8');
    } catch {
      return 0;
    }
    const offset = Number(text.trim());
    if (/^\d+$/.test(text.trim()) && Number.isSafeInteger(offset)) return offset;
    this.environment.warn(`${this.logStartCheckpoint}: ${JSON.stringify(text.slice(0, 40))} is not an offset, ignored`);
    return 0;
  }

  private writeLogStartCheckpoint(): void {
    const temporary = `${this.logStartCheckpoint}.tmp`;
    const fd = fs.openSync(temporary, 'w');
    try {
      fs.writeSync(fd, String(this.logStartOffset));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, this.logStartCheckpoint);
  }

  /**
   * DeleteRecords: makes `offset` (-1: the log end) the first readable offset, deletes the segments
   * that lie wholly before it, and returns the new log start offset (the low watermark).
   */
  deleteRecordsBefore(offset: number): number {
    const target = offset === -1 ? this.logEndOffset : offset;
    if (!Number.isSafeInteger(target) || target < 0 || target > this.logEndOffset) {
      throw new BrokerError(
        ErrorCode.OFFSET_OUT_OF_RANGE,
        `${this.name}: cannot delete records before ${offset}, the log ends at ${this.logEndOffset}`,
        false,
      );
    }
    if (target <= this.logStartOffset) return this.logStartOffset;
    this.logStartOffset = target;
    this.writeLogStartCheckpoint();
    if (this.active.size > 0 && this.active.nextOffset <= target) this.roll();
    while (this.segments.length > 1 && (this.segments[1] as Segment).baseOffset <= target) {
      (this.segments.shift() as Segment).delete();
    }
    this.transactions.trimBefore(this.logStartOffset);
    return this.logStartOffset;
  }

  /**
   * Closed segments reopen from their index; the last one (and any whose index is missing, stale or
   * inconsistent) is walked batch by batch with CRC checks. A torn or corrupt batch ends the log there.
   */
  private recover(bases: number[]): void {
    const { files } = this.environment;
    const interval = this.settings.indexIntervalBytes;
    for (let i = 0; i < bases.length; i++) {
      const base = bases[i] as number;
      const isLast = i === bases.length - 1;
      const fromIndex = isLast ? undefined : Segment.openFromIndex(this.dir, base, interval, files);
      if (fromIndex !== undefined) {
        this.segments.push(fromIndex);
        continue;
      }
      if (!isLast) this.environment.warn(`${this.name}: index of segment ${base} missing or inconsistent, rebuilt`);
      const { segment, truncated } = Segment.open(this.dir, base, interval, files, (header) => {
        this.producers.record(header);
        this.transactions.track(header);
      });
      if (segment.size === 0 && this.segments.length > 0) {
        if (!isLast) this.environment.warn(`${this.name}: empty segment ${base} dropped`);
        segment.delete();
      } else {
        this.segments.push(segment);
      }
      if (truncated) {
        this.recoveredTruncation = true;
        const dropped = bases.slice(i + 1);
        this.environment.warn(
          `${this.name}: torn or corrupt batch in segment ${base}, log cut at byte ${segment.size}` +
            (dropped.length > 0 ? `; later segments ${dropped.join(', ')} dropped` : ''),
        );
        for (const later of dropped) this.createSegment(later).delete();
        return;
      }
    }
  }

  private createSegment(baseOffset: number): Segment {
    return Segment.create(this.dir, baseOffset, this.settings.indexIntervalBytes, this.environment.files);
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1] as Segment;
  }

  get logEndOffset(): number {
    return this.active.nextOffset;
  }

  get sizeBytes(): number {
    return this.segments.reduce((sum, segment) => sum + segment.size, 0);
  }

  get largestProducerId(): number {
    return this.producers.largestProducerId;
  }

  /**
   * Appends the batches of one produce request for this partition. Idempotent duplicates are
   * answered with their original offset and not written again.
   */
  append(batches: readonly Buffer[]): AppendResult {
    let firstOffset = -1;
    let appendedRecords = 0;
    let appendedBytes = 0;
    for (const batch of batches) {
      const header = readBatchHeader(batch);
      if (isControl(header)) {
        throw new BrokerError(
          ErrorCode.INVALID_REQUEST,
          `${this.name}: producers may not write control batches`,
          false,
        );
      }
      const check = this.producers.check(header);
      if (check.kind === 'error') throw new BrokerError(check.code, `${this.name}: ${check.message}`, false);
      if (check.kind === 'duplicate') {
        if (firstOffset < 0) firstOffset = check.baseOffset;
        continue;
      }
      const baseOffset = this.appendStored(batch, header);
      if (firstOffset < 0) firstOffset = baseOffset;
      appendedRecords += header.recordCount;
      appendedBytes += batch.length;
    }
    return { baseOffset: firstOffset, appendedRecords, appendedBytes };
  }

  private appendStored(batch: Buffer, header: BatchHeader): number {
    const baseOffset = this.logEndOffset;
    if (this.active.size > 0 && this.active.size + batch.length > this.settings.segmentBytes) this.roll();
    rewriteBaseOffset(batch, baseOffset);
    const stored: BatchHeader = { ...header, baseOffset };
    this.active.append(batch, stored);
    this.producers.record(stored);
    this.transactions.track(stored);
    return baseOffset;
  }

  /**
   * Ends `producerId`'s transaction here with a commit or abort marker (a control batch) and
   * returns the marker's offset. An abort is remembered for read_committed fetches.
   */
  appendMarker(producerId: number, producerEpoch: number, commit: boolean): number {
    const batch = buildControlBatch(producerId, producerEpoch, commit, Date.now());
    if (!commit) this.transactions.recordAbort(producerId, this.logEndOffset);
    return this.appendStored(batch, readBatchHeader(batch));
  }

  /** The first offset not yet decided: the oldest open transaction's first offset, or the log end. */
  get lastStableOffset(): number {
    return this.transactions.lastStableOffset(this.logEndOffset);
  }

  /** Producers whose transaction is open in this partition (found again by recovery after a restart). */
  get openTransactionProducers(): number[] {
    return this.transactions.openProducers();
  }

  abortedTransactions(from: number, to: number): AbortedTransaction[] {
    return this.transactions.abortedBetween(from, to);
  }

  /** New retention or segment size (a topic's config changed); applies from the next append or retention check. */
  reconfigure(settings: LogSettings): void {
    this.settings = settings;
  }

  private roll(): void {
    const closing = this.active;
    closing.flush();
    closing.writeIndex();
    this.segments.push(this.createSegment(closing.nextOffset));
  }

  get name(): string {
    return `${this.topic}-${this.partition}`;
  }

  /**
   * Whole batches starting with the one that holds `offset`, up to `maxBytes` (at least one batch).
   * A batch whose CRC no longer matches is never returned.
   */
  read(offset: number, maxBytes: number): Buffer {
    if (offset < this.logStartOffset || offset > this.logEndOffset) {
      throw new BrokerError(
        ErrorCode.OFFSET_OUT_OF_RANGE,
        `${this.name}: offset ${offset} outside [${this.logStartOffset}, ${this.logEndOffset}]`,
        false,
      );
    }
    for (let i = this.segmentIndexFor(offset); i < this.segments.length; i++) {
      const segment = this.segments[i] as Segment;
      const position = segment.positionOf(offset);
      if (position === undefined) continue;
      const { data, corrupt } = segment.readBatches(position, maxBytes);
      if (data.length === 0 && corrupt) {
        throw new BrokerError(
          ErrorCode.CORRUPT_MESSAGE,
          `${this.name}: stored batch at byte ${position} of ${segment.logPath} fails its CRC check`,
          false,
        );
      }
      return data;
    }
    return Buffer.alloc(0);
  }

  private segmentIndexFor(offset: number): number {
    let index = 0;
    for (let i = 0; i < this.segments.length; i++) if ((this.segments[i] as Segment).baseOffset <= offset) index = i;
    return index;
  }

  /** The first offset whose record timestamp is at or after `timestamp`; -1 when no record is that recent. */
  offsetForTimestamp(timestamp: number): number {
    for (const segment of this.segments) {
      if (segment.maxTimestamp < timestamp) continue;
      let found: number | undefined;
      segment.walk((header, position) => {
        if (header.maxTimestamp < timestamp) return true;
        found = offsetForTimestampInBatch(segment.readAt(position, header.size), timestamp);
        return false;
      });
      if (found !== undefined) return found;
    }
    return -1;
  }

  flush(): void {
    for (const segment of this.segments) segment.flush();
  }

  /** Deletes closed segments past the retention time or size; returns how many were deleted. */
  enforceRetention(now: number): number {
    // When even the active segment has expired, roll it so that it can go too (as Kafka does).
    const horizon = now - this.settings.retentionMs;
    if (this.settings.retentionMs >= 0 && this.active.size > 0 && this.active.maxTimestamp < horizon) this.roll();
    let deleted = 0;
    let size = this.sizeBytes;
    while (this.segments.length > 1) {
      const oldest = this.segments[0] as Segment;
      const expired = this.settings.retentionMs >= 0 && oldest.maxTimestamp < horizon;
      const oversized = this.settings.retentionBytes >= 0 && size - oldest.size >= this.settings.retentionBytes;
      if (!expired && !oversized) break;
      this.segments.shift();
      size -= oldest.size;
      oldest.delete();
      deleted++;
    }
    this.logStartOffset = Math.max(this.logStartOffset, (this.segments[0] as Segment).baseOffset);
    if (deleted > 0) this.transactions.trimBefore(this.logStartOffset);
    return deleted;
  }

  close(): void {
    for (const segment of this.segments) segment.close();
  }

  deleteFiles(): void {
    for (const segment of this.segments) segment.delete();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
