/**
 * Lambda's Kafka event-source mapping, emulated: one consumer group per function, batches of up to
 * `batchSize` records (and ~5 MB) collected for at most `maximumBatchingWindowMs`, the function
 * invoked with AWS's SelfManagedKafka payload, offsets committed only after it succeeded
 * (at-least-once, as on AWS), failures retried with exponential backoff, and a batch that still
 * fails after `maxAttempts` sent to a dead-letter topic (then committed), so nothing is lost.
 *
 * The consumer group only feeds the queue: offsets are committed explicitly, after delivery.
 * With `metrics`, invocations, failures, dead-lettered batches and the consumer lag are reported there.
 */
import {
  type ConsumedBatch,
  type ConsumedRecord,
  createKafka,
  type KafkaAdmin,
  type KafkaClusterClient,
  type KafkaGroupConsumer,
  type KafkaProducer,
} from '../../layers/kafka/index.js';
import type { Invoker } from './Invoker.js';
import { kafkaEvent, payloadBytes } from './kafkaEventPayload.js';
import type { TriggerMetrics } from './TriggerMetrics.js';

export interface MappingOptions {
  readonly functionName: string;
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly groupId: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowMs: number;
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly deadLetterTopic: string;
  readonly invoker: Invoker;
  /** TRIM_HORIZON (from the beginning) or LATEST, for a group with no committed offset. */
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  readonly onEvent?: (event: MappingEvent) => void;
  readonly metrics?: TriggerMetrics;
}

export type MappingEvent =
  | { readonly kind: 'invoked'; readonly records: number; readonly attempt: number; readonly ms: number }
  | { readonly kind: 'failed'; readonly records: number; readonly attempt: number; readonly error: string }
  | { readonly kind: 'dead-lettered'; readonly records: number; readonly error: string }
  | { readonly kind: 'commit-failed'; readonly error: string };

export interface MappingStats {
  invocations: number;
  failures: number;
  recordsDelivered: number;
  recordsDeadLettered: number;
}

const MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;
const MAX_BACKOFF_MS = 30_000;

export class EventSourceMapping {
  readonly stats: MappingStats = { invocations: 0, failures: 0, recordsDelivered: 0, recordsDeadLettered: 0 };
  private readonly kafka: KafkaClusterClient;
  private consumer: KafkaGroupConsumer | undefined;
  private producer: KafkaProducer | undefined;
  private readonly queue: ConsumedRecord[] = [];
  private queuedSince: number | undefined;
  private wake: (() => void) | undefined;
  private drained: (() => void) | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private admin: KafkaAdmin | undefined;
  /** Per partition of the topic: the next offset to process (first fetched, then one past each delivered batch). */
  private readonly position = new Map<number, bigint>();

  constructor(private readonly options: MappingOptions) {
    this.kafka = createKafka({
      clientId: `lambda-kafka-${options.functionName}`,
      brokers: options.brokers,
      logLevel: 'error',
      connectionTimeoutMs: 1000,
      retries: 10,
    });
  }

  async start(): Promise<void> {
    this.producer = this.kafka.producer({ idempotent: false, retries: 10 });
    await this.producer.connect();
    this.consumer = this.kafka.consumerGroup({
      groupId: this.options.groupId,
      maxWaitTimeMs: Math.max(50, Math.min(this.options.maximumBatchingWindowMs, 1000)),
      sessionTimeoutMs: 30_000,
      heartbeatIntervalMs: 3000,
    });
    await this.consumer.subscribe(this.options.topic, {
      fromBeginning: (this.options.startingPosition ?? 'TRIM_HORIZON') === 'TRIM_HORIZON',
    });
    await this.consumer.run((batch) => this.enqueue(batch));
    this.loop = this.dispatch();
    if (this.options.metrics) {
      this.admin = await this.kafka.admin();
      this.options.metrics.watchLag(this.options.functionName, () => this.lag());
    }
  }

  /**
   * Records of the topic not yet processed: log end offset minus the next offset to process, summed
   * over partitions; a partition nothing has been fetched from yet counts as caught up.
   */
  async lag(): Promise<number> {
    if (!this.admin)
      throw new Error(`mapping ${this.options.functionName} measures lag only with metrics, once started`);
    let lag = 0n;
    for (const [partition, end] of await this.admin.endOffsets(this.options.topic)) {
      const next = this.position.get(partition);
      if (next !== undefined && BigInt(end) > next) lag += BigInt(end) - next;
    }
    return Number(lag);
  }

  /** Queues a fetched batch; waits while the queue holds more than two batches (back-pressure). */
  private async enqueue({ records, heartbeat, isRunning }: ConsumedBatch): Promise<void> {
    for (const record of records) {
      this.queue.push(record);
      if (!this.position.has(record.partition)) this.position.set(record.partition, BigInt(record.offset));
    }
    this.queuedSince ??= Date.now();
    this.wake?.();
    while (this.queue.length > 2 * this.options.batchSize && isRunning() && !this.stopping) {
      await new Promise<void>((resolve) => {
        this.drained = resolve;
        setTimeout(resolve, 1000);
      });
      await heartbeat();
    }
  }

  private nextBatch(): ConsumedRecord[] {
    let count = 0;
    let bytes = 0;
    while (count < this.options.batchSize && count < this.queue.length) {
      const size = payloadBytes(this.queue[count] as ConsumedRecord);
      if (count > 0 && bytes + size > MAX_PAYLOAD_BYTES) break;
      bytes += size;
      count += 1;
    }
    // One splice: shifting record by record is quadratic in the queue's length.
    const batch = this.queue.splice(0, count);
    this.queuedSince = this.queue.length > 0 ? Date.now() : undefined;
    this.drained?.();
    return batch;
  }

  private async waitForBatch(): Promise<void> {
    while (!this.stopping) {
      const since = this.queuedSince;
      if (since !== undefined) {
        const due = since + this.options.maximumBatchingWindowMs - Date.now();
        if (this.queue.length >= this.options.batchSize || due <= 0) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, due);
        });
      } else {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
      this.wake = undefined;
    }
  }

  private async dispatch(): Promise<void> {
    while (!this.stopping) {
      await this.waitForBatch();
      if (this.stopping) return;
      const batch = this.nextBatch();
      if (batch.length > 0) await this.deliver(batch);
    }
  }

  private async deliver(batch: readonly ConsumedRecord[]): Promise<void> {
    const event = kafkaEvent(batch, this.options.brokers.join(','));
    let lastError = '';
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt += 1) {
      const started = Date.now();
      const outcome = await this.options.invoker.invoke(this.options.functionName, event);
      this.stats.invocations += 1;
      this.options.metrics?.batchInvoked(this.options.functionName, outcome.ok);
      if (outcome.ok) {
        this.options.onEvent?.({ kind: 'invoked', records: batch.length, attempt, ms: Date.now() - started });
        this.stats.recordsDelivered += batch.length;
        await this.commit(batch);
        return;
      }
      this.stats.failures += 1;
      lastError = JSON.stringify(outcome.payload).slice(0, 500);
      this.options.onEvent?.({ kind: 'failed', records: batch.length, attempt, error: lastError });
      if (this.stopping) return;
      if (attempt < this.options.maxAttempts) {
        const delay = Math.min(MAX_BACKOFF_MS, this.options.backoffMs * 2 ** (attempt - 1));
        await new Promise((resolve) => setTimeout(resolve, delay * (0.5 + Math.random() / 2)));
      }
    }
    await this.deadLetter(batch, lastError);
    await this.commit(batch);
  }

  /** Sends the batch's records, unchanged, to the dead-letter topic with where they came from and why. */
  private async deadLetter(batch: readonly ConsumedRecord[], error: string): Promise<void> {
    const producer = this.producer;
    if (!producer) return;
    for (;;) {
      try {
        await producer.send(
          this.options.deadLetterTopic,
          batch.map((record) => ({
            key: record.key,
            value: record.value,
            timestamp: Number(record.timestamp),
            headers: {
              ...record.headers,
              dlq_source: `${record.topic}-${record.partition}@${record.offset}`,
              dlq_function: this.options.functionName,
              dlq_error: error,
            },
          })),
        );
        this.stats.recordsDeadLettered += batch.length;
        this.options.metrics?.deadLettered(this.options.functionName, batch.length);
        this.options.onEvent?.({ kind: 'dead-lettered', records: batch.length, error });
        return;
      } catch (sendError) {
        // Committing without the dead-letter copy would lose the batch: keep trying until stopped.
        if (this.stopping) return;
        this.options.onEvent?.({ kind: 'commit-failed', error: `dead-letter send: ${String(sendError)}` });
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  private async commit(batch: readonly ConsumedRecord[]): Promise<void> {
    const next = new Map<string, { topic: string; partition: number; offset: bigint }>();
    for (const record of batch) {
      const key = `${record.topic}-${record.partition}`;
      const offset = BigInt(record.offset) + 1n;
      const current = next.get(key);
      if (!current || offset > current.offset)
        next.set(key, { topic: record.topic, partition: record.partition, offset });
    }
    // Processed (delivered or dead-lettered) even if the commit below fails: lag counts what is left to do.
    for (const { partition, offset } of next.values()) this.position.set(partition, offset);
    try {
      await this.consumer?.commit(
        [...next.values()].map(({ topic, partition, offset }) => ({ topic, partition, offset: String(offset) })),
      );
    } catch (error) {
      // The records are redelivered after a restart; the function is idempotent on redelivery.
      this.options.onEvent?.({ kind: 'commit-failed', error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Records fetched but not yet delivered (a gauge for tests and the bench). */
  get pending(): number {
    return this.queue.length;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    this.drained?.();
    // The batch in flight finishes (and commits) before the consumer leaves its group.
    await this.loop?.catch(() => undefined);
    await this.consumer?.stop().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    this.options.metrics?.unwatchLag(this.options.functionName);
    await this.admin?.disconnect().catch(() => undefined);
  }
}
