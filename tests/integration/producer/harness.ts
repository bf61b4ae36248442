/** Starts simulator + producer (+ a Kafka client) for integration tests and audits what reached Kafka. */
import { parseFrame } from '../../../layers/coinbase/index.js';
import {
  type ConsumedRecord,
  createMemoryKafka,
  type KafkaClient,
  type MemoryKafka,
} from '../../../layers/kafka/index.js';
import {
  type ProducerSettings,
  type RunningProducer,
  type RunningSimulator,
  type SimulatorOptions,
  startProducer,
  startSimulator,
} from '../../../producer/index.js';
import type { LogLevel } from '../../../producer/log.js';

export const TOPIC = 'coinbase.raw';

export async function waitFor(
  what: string,
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function metricValue(producer: RunningProducer, name: string, labels: Record<string, string> = {}) {
  const metric = producer.metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return values
    .filter((value) => Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted))
    .filter((value) => !('metricName' in value) || !String(value.metricName).endsWith('_bucket'))
    .reduce((sum, value) => sum + value.value, 0);
}

export interface Stack {
  readonly sim: RunningSimulator;
  readonly kafka: KafkaClient;
  readonly memory: MemoryKafka | null;
  readonly producer: RunningProducer;
  readonly logs: { level: LogLevel; message: string; fields: Record<string, unknown> }[];
  readonly products: readonly string[];
  /** Waits for every gap to be resolved and the buffer to drain, stops everything, returns Kafka's records. */
  finish(): Promise<ConsumedRecord[]>;
}

export async function startStack(
  options: {
    sim?: SimulatorOptions;
    producer?: Partial<ProducerSettings>;
    kafka?: KafkaClient;
    products?: string[];
  } = {},
): Promise<Stack> {
  const products = options.products ?? ['BTC-USD', 'ETH-USD'];
  const sim = await startSimulator({ products, generator: { tradesPerSecond: 0 }, heartbeatMs: 100, ...options.sim });
  const memory = options.kafka ? null : createMemoryKafka();
  const kafka = options.kafka ?? (memory as MemoryKafka);
  const logs: Stack['logs'] = [];
  const producer = await startProducer({
    feed: 'exchange',
    wsUrl: sim.wsUrl,
    restUrl: sim.restUrl,
    products,
    kafka,
    topic: TOPIC,
    source: 'simulator',
    metricsPort: null,
    lingerMs: 2,
    gapGraceMs: 300,
    backfillPageDelayMs: 0,
    reconnectBaseMs: 20,
    reconnectMaxMs: 200,
    log: (level, message, fields = {}) => logs.push({ level, message, fields }),
    ...options.producer,
  });
  if (!options.sim?.replay) {
    await waitFor(
      'last_match of every product',
      async () =>
        (await metricValue(producer, 'coinbase_messages_received_total', { type: 'last_match' })) >= products.length,
    );
  }
  return {
    sim,
    kafka,
    memory,
    producer,
    logs,
    products,
    async finish() {
      sim.stopTrading();
      if (!options.sim?.replay) {
        // Everything the exchange made has reached the producer (or is known missing via a heartbeat).
        await waitFor('the producer to catch up with the exchange', () =>
          products.every(
            (product) => (producer.lastTradeId(product) ?? -1n) >= BigInt(sim.market.lastTradeId(product)),
          ),
        );
      }
      await producer.settled();
      await producer.close();
      await sim.close();
      return kafka.readAll(options.producer?.topic ?? TOPIC);
    },
  };
}

export interface Audit {
  /** Trade ids the exchange made (from the first one the producer saw) that are in Kafka neither live nor backfilled nor in a gap frame. */
  readonly lost: string[];
  /** Ids present more than once in a way the source does not explain (two different frames, or backfill + live). */
  readonly duplicated: string[];
  readonly backfilled: number;
  readonly sourceDuplicates: number;
  readonly gapFrames: { product_id: string; first: bigint; last: bigint; reason: string }[];
  readonly unparseable: number;
}

/** Checks the Kafka topic against the simulator's own trade log. */
export function audit(records: readonly ConsumedRecord[], sim: RunningSimulator, products: readonly string[]): Audit {
  const live = new Map<string, string[]>();
  const backfill = new Map<string, number>();
  const gapFrames: Audit['gapFrames'] = [];
  let unparseable = 0;
  const firstSeen = new Map<string, bigint>();
  for (const record of records) {
    const parsed = parseFrame(record.value ?? Buffer.alloc(0));
    if (!parsed.ok) {
      unparseable++;
      continue;
    }
    const frame = parsed.frame;
    if (frame.kind === 'match') {
      const key = `${frame.product_id}/${frame.trade_id}`;
      live.set(key, [...(live.get(key) ?? []), record.value?.toString() ?? '']);
      const first = firstSeen.get(frame.product_id);
      if (first === undefined || frame.trade_id < first) firstSeen.set(frame.product_id, frame.trade_id);
    } else if (frame.kind === 'backfill_trade') {
      const key = `${frame.product_id}/${frame.trade_id}`;
      backfill.set(key, (backfill.get(key) ?? 0) + 1);
    } else if (frame.kind === 'gap') {
      gapFrames.push({
        product_id: frame.product_id,
        first: frame.first_trade_id,
        last: frame.last_trade_id,
        reason: frame.reason,
      });
    }
  }
  const lost: string[] = [];
  const duplicated: string[] = [];
  let sourceDuplicates = 0;
  for (const product of products) {
    const first = firstSeen.get(product);
    if (first === undefined) continue;
    for (let id = first; id <= BigInt(sim.market.lastTradeId(product)); id++) {
      const key = `${product}/${id}`;
      const copies = live.get(key) ?? [];
      const filled = backfill.get(key) ?? 0;
      const inGap = gapFrames.some((gap) => gap.product_id === product && gap.first <= id && id <= gap.last);
      if (copies.length === 0 && filled === 0 && !inGap) lost.push(key);
      if (filled > 1 || (filled === 1 && copies.length > 0) || (inGap && copies.length + filled > 0))
        duplicated.push(key);
      if (copies.length > 1) {
        // The source sent this trade twice: the same bytes again, or a last_match repeating it after a reconnect.
        const matches = copies.filter((copy) => !copy.includes('"last_match"'));
        if (new Set(matches).size > 1) duplicated.push(key);
        else sourceDuplicates += copies.length - 1;
      }
    }
  }
  return {
    lost,
    duplicated,
    backfilled: [...backfill.values()].reduce((a, b) => a + b, 0),
    sourceDuplicates,
    gapFrames,
    unparseable,
  };
}
