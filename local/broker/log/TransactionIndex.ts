/**
 * One partition's transaction bookkeeping: the first offset of each producer's open transaction
 * (which holds the last stable offset back) and the aborted transactions read_committed fetches
 * must filter, kept in `<partition dir>/aborted-transactions.jsonl` (one line per abort, fsynced).
 * Open transactions are rebuilt from the batches recovery walks; a torn last line is skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type BatchHeader, isControl, isTransactional } from './RecordBatch.js';

export interface AbortedTransaction {
  readonly producerId: number;
  readonly firstOffset: number;
  /** Offset of the abort marker. */
  readonly lastOffset: number;
}

export class TransactionIndex {
  private readonly open = new Map<number, number>();
  private readonly aborted: AbortedTransaction[] = [];
  private readonly file: string;

  constructor(dir: string, warn: (message: string) => void) {
    this.file = path.join(dir, 'aborted-transactions.jsonl');
    let text = '';
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as AbortedTransaction;
        if ([entry.producerId, entry.firstOffset, entry.lastOffset].every(Number.isSafeInteger))
          this.aborted.push(entry);
        else skipped++;
      } catch {
        skipped++;
      }
    }
    if (skipped > 0) warn(`${this.file}: skipped ${skipped} torn or unreadable line(s)`);
  }

  /** Follows a batch now in the log (appended, or walked during recovery). */
  track(header: BatchHeader): void {
    if (!isTransactional(header)) return;
    if (isControl(header)) this.open.delete(header.producerId);
    else if (!this.open.has(header.producerId)) this.open.set(header.producerId, header.baseOffset);
  }

  /** Records an abort marker at `markerOffset` for `producerId`'s open transaction, if it has one here. */
  recordAbort(producerId: number, markerOffset: number): void {
    const firstOffset = this.open.get(producerId);
    if (firstOffset === undefined) return;
    const entry: AbortedTransaction = { producerId, firstOffset, lastOffset: markerOffset };
    this.aborted.push(entry);
    const fd = fs.openSync(this.file, 'a');
    try {
      fs.writeSync(fd, `${JSON.stringify(entry)}\n`);
      fs.fdatasyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Producers with a transaction open in this partition. */
  openProducers(): number[] {
    return [...this.open.keys()];
  }

  lastStableOffset(logEndOffset: number): number {
    let stable = logEndOffset;
    for (const first of this.open.values()) if (first < stable) stable = first;
    return stable;
  }

  /** Aborted transactions overlapping offsets [from, to). */
  abortedBetween(from: number, to: number): AbortedTransaction[] {
    return this.aborted.filter((entry) => entry.lastOffset >= from && entry.firstOffset < to);
  }

  /** Forgets aborts wholly before the log start (their data is gone) and rewrites the file without them. */
  trimBefore(logStartOffset: number): void {
    const kept = this.aborted.filter((entry) => entry.lastOffset >= logStartOffset);
    if (kept.length === this.aborted.length) return;
    this.aborted.splice(0, this.aborted.length, ...kept);
    const temporary = `${this.file}.tmp`;
    fs.writeFileSync(temporary, kept.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    fs.renameSync(temporary, this.file);
  }
}
