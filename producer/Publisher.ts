/**
 * Sends frames to Kafka in batches: a frame waits at most `lingerMs` (or until `batchMaxFrames` are
 * queued), one batch is in flight at a time (the idempotent producer's ordering), and a batch that
 * fails retriably stays at the head of the queue and is retried with backoff. While Kafka is down the
 * queue grows up to `bufferMaxFrames`; beyond that incoming frames are dropped, counted and logged.
 */
import type { FrameSource, KafkaProducer } from '../layers/kafka/index.js';
import { KafkaError } from '../layers/kafka/index.js';
import { backoffDelayMs } from './backoff.js';
import { FrameQueue } from './FrameQueue.js';
import type { Logger } from './log.js';
import type { ProducerMetrics } from './metrics.js';

export interface PendingFrame {
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly source: FrameSource;
  /** performance.now() at receipt, for receipt-to-acknowledgement latency. */
  readonly receivedAtMono: number;
  /** Trades the frame carries (product, ids), so a dropped frame can be reported as a gap. */
  readonly trades?: { readonly productId: string; readonly tradeIds: readonly bigint[] };
}

export interface PublisherOptions {
  readonly producer: KafkaProducer;
  readonly topic: string;
  readonly lingerMs: number;
  readonly batchMaxFrames: number;
  readonly bufferMaxFrames: number;
  readonly metrics: ProducerMetrics;
  readonly log: Logger;
  /** Called with frames that were dropped (buffer full or rejected by Kafka for good). */
  readonly onDropped: (frames: readonly PendingFrame[], reason: string) => void;
}

export class Publisher {
  private readonly queue = new FrameQueue<PendingFrame>();
  private sending = false;
  private connected = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private droppedSinceLog = 0;
  private lastDropLog = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: PublisherOptions) {}

  get depth(): number {
    return this.queue.length;
  }

  /** Queues a frame; false when the buffer is full and the frame was dropped (counted and logged). */
  enqueue(frame: PendingFrame): boolean {
    if (this.queue.length >= this.options.bufferMaxFrames) {
      this.drop([frame], 'buffer_full');
      return false;
    }
    this.queue.push(frame);
    this.options.metrics.bufferDepth.set(this.queue.length);
    this.schedule();
    return true;
  }

  /** Waits until every queued frame is acknowledged, or the timeout passes; returns true when empty. */
  async flush(timeoutMs: number): Promise<boolean> {
    if (this.timer && !this.sending && this.failures === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.sendNext();
    }
    if (this.queue.length === 0 && !this.sending) return true;
    let timeout: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const expired = new Promise<boolean>((resolve) => {
      timeout = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([idle, expired]);
    clearTimeout(timeout);
    return result;
  }

  /** Stops sending; frames still queued are reported as dropped (call flush first). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const left = this.queue.first(this.queue.length);
    if (left.length > 0) {
      this.queue.remove(left.length);
      this.drop(left, 'shutdown');
    }
    this.options.metrics.bufferDepth.set(0);
    await this.options.producer.disconnect().catch(() => undefined);
  }

  private schedule(): void {
    if (this.sending || this.timer || this.closed || this.queue.length === 0) return;
    const oldest = this.queue.peek();
    const waited = oldest ? performance.now() - oldest.receivedAtMono : 0;
    if (this.failures === 0 && (this.queue.length >= this.options.batchMaxFrames || waited >= this.options.lingerMs)) {
      void this.sendNext();
      return;
    }
    const delay =
      this.failures > 0 ? backoffDelayMs(this.failures - 1, 250, 5000) : Math.max(0, this.options.lingerMs - waited);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sendNext();
    }, delay);
  }

  private async sendNext(): Promise<void> {
    if (this.sending || this.closed || this.queue.length === 0) return;
    this.sending = true;
    const batch = this.queue.first(this.options.batchMaxFrames);
    try {
      if (!this.connected) {
        await this.options.producer.connect();
        this.connected = true;
      }
      await this.options.producer.send(
        this.options.topic,
        batch.map((frame) => ({ key: frame.key, value: frame.value, headers: frame.headers })),
      );
      this.acknowledged(batch);
    } catch (error) {
      this.failed(batch, error);
    } finally {
      this.sending = false;
    }
    if (this.queue.length === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    this.schedule();
  }

  private acknowledged(batch: readonly PendingFrame[]): void {
    this.queue.remove(batch.length);
    const { metrics, log } = this.options;
    if (this.failures > 0)
      log('info', 'kafka available again', { topic: this.options.topic, buffered: this.queue.length });
    this.failures = 0;
    const now = performance.now();
    const bySource = new Map<FrameSource, number>();
    for (const frame of batch) {
      bySource.set(frame.source, (bySource.get(frame.source) ?? 0) + 1);
      metrics.ackLatency.observe((now - frame.receivedAtMono) / 1000);
    }
    for (const [source, count] of bySource) metrics.produced.inc({ source }, count);
    metrics.bufferDepth.set(this.queue.length);
  }

  private failed(batch: readonly PendingFrame[], error: unknown): void {
    const kafkaError =
      error instanceof KafkaError
        ? error
        : new KafkaError(`kafka send failed: ${String(error)}`, { retriable: false, kind: 'Error', cause: error });
    const { metrics, log } = this.options;
    metrics.produceErrors.inc({ retriable: String(kafkaError.retriable) });
    if (kafkaError.retriable) {
      this.failures++;
      if (this.failures === 1 || this.failures % 20 === 0) {
        log('warn', 'kafka unavailable: buffering frames and retrying', {
          topic: this.options.topic,
          buffered: this.queue.length,
          capacity: this.options.bufferMaxFrames,
          attempt: this.failures,
          error: kafkaError.message,
        });
      }
      if (kafkaError.kind === 'KafkaJSError' || /disconnected/i.test(kafkaError.message)) this.connected = false;
      return;
    }
    this.queue.remove(batch.length);
    metrics.bufferDepth.set(this.queue.length);
    log('error', 'kafka rejected a batch for good: frames dropped', {
      topic: this.options.topic,
      frames: batch.length,
      error: kafkaError.message,
    });
    this.drop(batch, 'rejected');
  }

  private drop(frames: readonly PendingFrame[], reason: string): void {
    this.options.metrics.bufferDropped.inc({ reason }, frames.length);
    this.droppedSinceLog += frames.length;
    const now = Date.now();
    // One line per 5 s while dropping: loud enough to notice, not one line per frame.
    if (now - this.lastDropLog >= 5000 || reason !== 'buffer_full') {
      this.options.log('error', 'frames dropped: not written to Kafka', {
        topic: this.options.topic,
        reason,
        dropped: this.droppedSinceLog,
        capacity: this.options.bufferMaxFrames,
      });
      this.droppedSinceLog = 0;
      this.lastDropLog = now;
    }
    this.options.onDropped(frames, reason);
  }
}
