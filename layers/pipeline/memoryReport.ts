/**
 * One JSON log line with a component's memory: its V8 heap (the thread's), process RSS, and, when it owns one, what its DuckDB holds against its limit.
 * Written at most once per interval; the soak reads these lines to attribute growth.
 */
import { threadId } from 'node:worker_threads';
import type { DuckDBInstance } from '@duckdb/node-api';
import { duckdbMemory } from '../duckdb/index.js';

/** How often a component logs its memory, at most: often enough to see a trend over a long run. */
export const MEMORY_REPORT_INTERVAL_MS = 30_000;

export interface MemoryLine {
  readonly event: 'memory';
  readonly at: number;
  readonly component: string;
  /** The thread tells components apart when function instances run as worker threads. */
  readonly thread: number;
  readonly heapUsedBytes: number;
  readonly rssBytes: number;
  readonly duckdbUsedBytes?: number;
  readonly duckdbLimitBytes?: number;
}

export class MemoryReporter {
  private lastReportMs = 0;

  constructor(
    private readonly component: string,
    private readonly duckdb?: DuckDBInstance,
  ) {}

  /** Logs a line if the interval has passed since the last one. */
  async maybeReport(): Promise<void> {
    const now = Date.now();
    if (now - this.lastReportMs < MEMORY_REPORT_INTERVAL_MS) return;
    this.lastReportMs = now;
    const duckdb = this.duckdb === undefined ? undefined : await duckdbMemory(this.duckdb);
    const { heapUsed, rss } = process.memoryUsage();
    const line: MemoryLine = {
      event: 'memory',
      at: now,
      component: this.component,
      thread: threadId,
      heapUsedBytes: heapUsed,
      rssBytes: rss,
      ...(duckdb === undefined ? {} : { duckdbUsedBytes: duckdb.usedBytes, duckdbLimitBytes: duckdb.limitBytes }),
    };
    process.stdout.write(`${JSON.stringify({ level: 'info', ...line })}\n`);
  }
}
