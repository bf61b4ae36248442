/**
 * Holds audit results until they are written to ops.quality_results. Silver audits every commit
 * (about one a second), and a commit to ops.quality_results for each would give that table a
 * snapshot a second: passing results and warnings are written together at most `maxAgeMs` after the
 * oldest, a blocking failure at once (with whatever waits). Results whose write fails stay for the next write; one
 * write runs at a time.
 */
import { blockingFailures } from '../../quality/index.js';
import type { RecordedResult } from './recordResults.js';

export interface ResultBufferOptions {
  readonly write: (results: readonly RecordedResult[]) => Promise<void>;
  readonly maxAgeMs: number;
  readonly nowMs?: () => number;
}

export class ResultBuffer {
  private pending: RecordedResult[] = [];
  private oldestMs: number | undefined;
  private writing: Promise<void> | undefined;

  constructor(private readonly options: ResultBufferOptions) {}

  get size(): number {
    return this.pending.length;
  }

  async add(results: readonly RecordedResult[]): Promise<void> {
    if (results.length === 0) return;
    const now = (this.options.nowMs ?? Date.now)();
    this.oldestMs ??= now;
    this.pending.push(...results);
    const due = blockingFailures(results).length > 0 || now - this.oldestMs >= this.options.maxAgeMs;
    if (due) await this.flush();
  }

  /** Writes everything pending (waiting for a write already under way first). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing.catch(() => undefined);
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.oldestMs = undefined;
    this.writing = this.options.write(batch).catch((error: unknown) => {
      this.pending = [...batch, ...this.pending];
      this.oldestMs ??= (this.options.nowMs ?? Date.now)();
      throw error;
    });
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
  }
}
