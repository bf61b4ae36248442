/**
 * The Pipeline Health's live figures, read from the prom-client registries the embedded stack
 * already keeps (the producer's, the broker's, the functions' and the Kafka triggers', the ones its
 * /metrics endpoints serve). Each
 * sample turns counters into per-second rates against the previous sample; the newest samples are
 * kept in a bounded ring for the series chart.
 */
import type { Registry } from 'prom-client';

export interface MetricsSource {
  /** What the registry belongs to (producer, broker, pipeline, triggers). */
  readonly name: string;
  readonly registry: Registry;
}

export interface MetricsSample {
  /** Epoch milliseconds of the sample. */
  readonly at: number;
  /** null: no registry holds the metric (that part of the stack is not running here). */
  readonly websocketConnected: number | null;
  readonly reconnects: number | null;
  readonly framesReceivedPerSecond: number | null;
  readonly framesProducedPerSecond: number | null;
  readonly receiptLatencyP50Seconds: number | null;
  readonly receiptLatencyP95Seconds: number | null;
  readonly produceErrors: number | null;
  readonly framesDropped: number | null;
  readonly parseErrors: number | null;
  readonly brokerRecordsInPerSecond: number | null;
  readonly brokerRecordsOutPerSecond: number | null;
  /** Records each Kafka trigger has not processed yet, by function (null: no trigger registry). */
  readonly kafkaLag: Readonly<Record<string, number>> | null;
  readonly deadLetteredBatches: number | null;
  /** Table commits readers see, per second, over all tables. */
  readonly commitsPerSecond: number | null;
  /** Function invocations that threw, in total. */
  readonly functionErrors: number | null;
  /** Per layer: seconds from the newest event time it has committed to this sample (null: none yet). */
  readonly freshnessSeconds: Readonly<Record<Layer, number | null>> | null;
}

type Layer = 'bronze' | 'silver' | 'gold';
const LAYERS: readonly Layer[] = ['bronze', 'silver', 'gold'];

interface MetricValue {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number>>;
  readonly metricName?: string;
}
interface MetricJson {
  readonly name: string;
  readonly values: readonly MetricValue[];
}

/** Totals of counters and gauges, histograms by name; the first registry holding a name wins. */
type Readings = Map<string, readonly MetricValue[]>;

function total(readings: Readings, name: string): number | null {
  const values = readings.get(name);
  return values === undefined ? null : values.reduce((sum, v) => sum + v.value, 0);
}

/** A labelled metric as one value per `label` (null when no registry holds it). */
function byLabel(readings: Readings, name: string, label: string): Record<string, number> | null {
  const values = readings.get(name);
  if (values === undefined) return null;
  const out: Record<string, number> = {};
  for (const v of values) {
    const key = String(v.labels[label] ?? '');
    out[key] = (out[key] ?? 0) + v.value;
  }
  return out;
}

/** Observations of a histogram over all its label sets (null when no registry holds it). */
function histogramCount(readings: Readings, name: string): number | null {
  const values = readings.get(name);
  if (values === undefined) return null;
  return values.filter((v) => v.metricName?.endsWith('_count')).reduce((sum, v) => sum + v.value, 0);
}

/**
 * The q-quantile of a cumulative histogram, interpolated linearly inside its bucket as Prometheus'
 * histogram_quantile does; null with no observations.
 */
export function histogramQuantile(values: readonly MetricValue[] | undefined, q: number): number | null {
  if (values === undefined) return null;
  const buckets = values
    .filter((v) => v.metricName?.endsWith('_bucket'))
    .map((v) => ({ le: v.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(v.labels.le), count: v.value }))
    .sort((a, b) => a.le - b.le);
  const count = buckets.at(-1)?.count ?? 0;
  if (count === 0) return null;
  const rank = q * count;
  for (const [i, bucket] of buckets.entries()) {
    if (bucket.count < rank) continue;
    const previous = buckets[i - 1];
    if (!Number.isFinite(bucket.le)) return previous?.le ?? null;
    // The first bucket starts at 0, unless its bound is not above 0 (then the bound is the answer).
    if (previous === undefined && bucket.le <= 0) return bucket.le;
    const start = previous?.le ?? 0;
    const below = previous?.count ?? 0;
    return start + ((bucket.le - start) * (rank - below)) / (bucket.count - below);
  }
  return null;
}

/** Counters shown as per-second rates. */
const RATE_COUNTERS = [
  'coinbase_messages_received_total',
  'coinbase_messages_produced_total',
  'broker_records_in_total',
  'broker_records_out_total',
] as const;
/** A histogram whose observation count is shown as a rate: one observation per table commit. */
const COMMITS = 'lakehouse_table_commit_duration_seconds';

function rate(now: number | null, before: number | null, seconds: number): number | null {
  if (now === null) return null;
  if (before === null || seconds <= 0) return 0;
  return Math.max(0, now - before) / seconds;
}

/** Per layer, the sample's time minus the newest event time the layer committed. */
function freshness(readings: Readings, at: number): Record<Layer, number | null> | null {
  const newest = byLabel(readings, 'lakehouse_table_newest_event_timestamp_seconds', 'layer');
  if (newest === null) return null;
  const out = { bronze: null, silver: null, gold: null } as Record<Layer, number | null>;
  for (const layer of LAYERS) {
    const seconds = newest[layer];
    if (seconds !== undefined) out[layer] = Math.max(0, at / 1000 - seconds);
  }
  return out;
}

export class MetricsSampler {
  private readonly ring: MetricsSample[] = [];
  /** Counter totals of the previous sample (copied: prom-client hands out its live value objects). */
  private previous: { at: number; totals: Map<string, number | null> } | undefined;

  constructor(
    private readonly sources: readonly MetricsSource[],
    /** Samples kept for the series chart (the oldest are dropped). */
    private readonly capacity: number,
  ) {}

  /** Reads every registry now, appends the sample to the ring and returns it. */
  async sample(at: number = Date.now()): Promise<MetricsSample> {
    const readings: Readings = new Map();
    for (const source of this.sources) {
      for (const metric of (await source.registry.getMetricsAsJSON()) as unknown as MetricJson[]) {
        if (!readings.has(metric.name)) readings.set(metric.name, metric.values);
      }
    }
    const before = this.previous;
    const seconds = before === undefined ? 0 : (at - before.at) / 1000;
    const totals = new Map<string, number | null>(RATE_COUNTERS.map((name) => [name, total(readings, name)]));
    totals.set(COMMITS, histogramCount(readings, COMMITS));
    const perSecond = (name: string) => rate(totals.get(name) ?? null, before?.totals.get(name) ?? null, seconds);
    const latency = readings.get('coinbase_message_latency_seconds');
    const sample: MetricsSample = {
      at,
      websocketConnected: total(readings, 'coinbase_websocket_connected'),
      reconnects: total(readings, 'coinbase_websocket_reconnects_total'),
      framesReceivedPerSecond: perSecond('coinbase_messages_received_total'),
      framesProducedPerSecond: perSecond('coinbase_messages_produced_total'),
      receiptLatencyP50Seconds: histogramQuantile(latency, 0.5),
      receiptLatencyP95Seconds: histogramQuantile(latency, 0.95),
      produceErrors: total(readings, 'coinbase_produce_errors_total'),
      framesDropped: total(readings, 'coinbase_producer_dropped_total'),
      parseErrors: total(readings, 'coinbase_parse_errors_total'),
      brokerRecordsInPerSecond: perSecond('broker_records_in_total'),
      brokerRecordsOutPerSecond: perSecond('broker_records_out_total'),
      kafkaLag: byLabel(readings, 'lakehouse_trigger_consumer_lag_records', 'function'),
      deadLetteredBatches: total(readings, 'lakehouse_trigger_batches_dead_lettered_total'),
      commitsPerSecond: perSecond(COMMITS),
      functionErrors: total(readings, 'lakehouse_function_errors_total'),
      freshnessSeconds: freshness(readings, at),
    };
    this.previous = { at, totals };
    this.ring.push(sample);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    return sample;
  }

  /** The kept samples, oldest first. */
  samples(): readonly MetricsSample[] {
    return this.ring;
  }
}
