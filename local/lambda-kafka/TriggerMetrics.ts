/**
 * Prometheus metrics of the Kafka triggers (event-source mappings), one registry for all of them:
 * batches invoked, failed and dead-lettered per function, and consumer lag per function (the log end
 * offsets of its topic minus how far the mapping has processed, summed over partitions), read from
 * each mapping when the registry is collected.
 */
import { Counter, Gauge, Registry } from 'prom-client';

/** A mapping's current lag in records; it may reject when the broker cannot be reached. */
export type LagSource = () => Promise<number>;

export class TriggerMetrics {
  readonly registry = new Registry();
  private readonly invoked: Counter<'function'>;
  private readonly failed: Counter<'function'>;
  private readonly deadLetteredBatches: Counter<'function'>;
  private readonly deadLetteredRecords: Counter<'function'>;
  private readonly lagSources = new Map<string, LagSource>();

  constructor() {
    const registers = [this.registry];
    this.invoked = new Counter({
      name: 'lakehouse_trigger_batches_invoked_total',
      help: 'Function invocations with a batch (every attempt), by function.',
      labelNames: ['function'],
      registers,
    });
    this.failed = new Counter({
      name: 'lakehouse_trigger_batches_failed_total',
      help: 'Invocations that failed (each attempt; retried until the batch is dead-lettered), by function.',
      labelNames: ['function'],
      registers,
    });
    this.deadLetteredBatches = new Counter({
      name: 'lakehouse_trigger_batches_dead_lettered_total',
      help: 'Batches sent to the dead-letter topic after their last failed attempt, by function.',
      labelNames: ['function'],
      registers,
    });
    this.deadLetteredRecords = new Counter({
      name: 'lakehouse_trigger_records_dead_lettered_total',
      help: 'Records sent to the dead-letter topic, by function.',
      labelNames: ['function'],
      registers,
    });
    const sources = this.lagSources;
    new Gauge({
      name: 'lakehouse_trigger_consumer_lag_records',
      help: "Records of the trigger's topic not yet processed by its function (log end minus processed offset, summed over partitions); a failed read keeps the last value.",
      labelNames: ['function'],
      registers,
      async collect() {
        await Promise.all(
          [...sources].map(async ([fn, lag]) => {
            try {
              this.set({ function: fn }, await lag());
            } catch {
              // The broker is unreachable for now: the last value stands until it answers again.
            }
          }),
        );
      },
    });
  }

  batchInvoked(fn: string, ok: boolean): void {
    this.invoked.inc({ function: fn });
    if (!ok) this.failed.inc({ function: fn });
  }

  deadLettered(fn: string, records: number): void {
    this.deadLetteredBatches.inc({ function: fn });
    this.deadLetteredRecords.inc({ function: fn }, records);
  }

  /** Reports `fn`'s lag from `lag` until `unwatchLag`. */
  watchLag(fn: string, lag: LagSource): void {
    this.lagSources.set(fn, lag);
  }

  unwatchLag(fn: string): void {
    this.lagSources.delete(fn);
  }
}

/** The registry the embedded stack's triggers record into. */
export const triggerMetrics = new TriggerMetrics();
