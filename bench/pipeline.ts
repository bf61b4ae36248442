/**
 * Pipeline benchmark, each figure with a baseline measured in the same run:
 *
 *   node dist/bench/pipeline.js                          # 100,000 frames, 60 s of live demo
 *   node dist/bench/pipeline.js --frames 20000 --seconds 30
 *
 * 1. Sustained events/s into bronze: a generated feed in Kafka (embedded broker), consumed by the
 *    event-source mapping and written by bronzeWriter (Iceberg commits); baseline: the same mapping
 *    invoking a no-op function (what Kafka + the trigger alone deliver).
 * 2. Freshness: `serverless offline start` in demo mode (simulator -> producer -> Kafka -> functions);
 *    this process polls the Iceberg tables and, for every trade that becomes visible, records
 *    "visible now" minus its exchange time, per table (bronze, silver, gold.ohlcv_1m); p50 and p95.
 *    Baseline: exchange time -> the frame's Kafka record timestamp (what the producer adds).
 * 3. RSS of the whole stack (the serverless-offline process: functions, broker, simulator, producer,
 *    triggers, gateway) in steady state (median of the second half); baseline: serverless-offline
 *    with no embedded component and no function invoked.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../layers/config/index.js';
import { openDuckDB } from '../layers/engine/index.js';
import { createKafka, decodeKafkaEvent, type KafkaEvent } from '../layers/kafka/index.js';
import {
  bronzeEvents,
  goldOhlcv1m,
  noCommitNotifier,
  openTableStore,
  Pipeline,
  silverTrades,
} from '../layers/pipeline/index.js';
import { startBroker } from '../local/broker/index.js';
import { EventSourceMapping } from '../local/lambda-kafka/EventSourceMapping.js';
import { type Handler, InProcessInvoker } from '../local/lambda-kafka/Invoker.js';
import { startOffline, stopOffline } from '../tests/helpers/offline.js';
import { Visibility } from '../tests/helpers/visibility.js';
import { feedRecord, generateFeed } from '../tests/unit/pipeline/feeds.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * q) - 1)] as number;
}

/** Frames/s from Kafka through the trigger into `handler`, for `frames` generated frames. */
async function throughput(
  frames: number,
  handler: (home: string) => Promise<{ handler: Handler; close(): Promise<void> }>,
) {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-pipeline-'));
  const broker = await startBroker({ port: 0, dataDir: path.join(dir, 'broker'), onProblem: () => undefined });
  try {
    const feed = generateFeed({
      seed: 5,
      products: ['BTC-USD', 'ETH-USD', 'SOL-USD', 'DOGE-USD'],
      tradesPerProduct: Math.ceil(frames / 5.6),
      startUs: 1_700_000_000_000_000n,
      spanUs: 86_400_000_000n,
    });
    const kafka = createKafka({ brokers: [broker.bootstrap], clientId: 'bench', logLevel: 'nothing' });
    const admin = await kafka.admin();
    await admin.ensureTopic('coinbase.raw', 4);
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < feed.frames.length; i += 2000) {
      await producer.send('coinbase.raw', feed.frames.slice(i, i + 2000).map(feedRecord));
    }
    await producer.disconnect();
    const target = await handler(dir);
    const mapping = new EventSourceMapping({
      functionName: 'fn',
      brokers: [broker.bootstrap],
      topic: 'coinbase.raw',
      groupId: 'bench',
      batchSize: 10_000,
      maximumBatchingWindowMs: 100,
      maxAttempts: 3,
      backoffMs: 100,
      deadLetterTopic: 'coinbase.raw.dlq',
      invoker: new InProcessInvoker(new Map([['fn', target.handler]])),
    });
    const started = performance.now();
    await mapping.start();
    while (mapping.stats.recordsDelivered < feed.frames.length) await sleep(20);
    const seconds = (performance.now() - started) / 1000;
    await mapping.stop();
    await target.close();
    return { frames: feed.frames.length, perSecond: feed.frames.length / seconds };
  } finally {
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function freshnessAndMemory(seconds: number) {
  const home = await mkdtemp(path.join(tmpdir(), 'bench-demo-'));
  const baselineHome = await mkdtemp(path.join(tmpdir(), 'bench-idle-'));
  const { child: idle } = await startOffline(baselineHome, { LAKEHOUSE_STACK: 'none' });
  await sleep(8000);
  const idleRss = rssMb(idle.pid as number);
  await stopOffline(idle);

  const { child: demo } = await startOffline(home, { LAKEHOUSE_DEMO: '1' });
  const store = await openTableStore(loadConfig({ LAKEHOUSE_HOME: home }));
  const duckdb = await openDuckDB();
  const conn = await duckdb.connect();
  const bronze = new Visibility(store, bronzeEvents);
  const silver = new Visibility(store, silverTrades);
  const gold = new Visibility(store, goldOhlcv1m);
  const rss: number[] = [];
  const kafkaLag: number[] = [];
  const started = Date.now();
  let lastRss = 0;
  try {
    while (Date.now() - started < seconds * 1000) {
      try {
        const before = bronze.freshnessMs.length;
        await bronze.poll(conn);
        if (bronze.freshnessMs.length !== before) {
          const lag = await conn.runAndReadAll(
            "select epoch_ms(kafka_timestamp) - epoch_ms(exchange_time) from appended where event_type = 'match'",
          );
          for (const row of lag.getRows()) kafkaLag.push(Number(row[0]));
        }
        await silver.poll(conn);
        await gold.pollGold(silver);
      } catch {
        // Tables not created yet: the stack is still starting.
      }
      if (Date.now() - lastRss >= 1000) {
        rss.push(rssMb(demo.pid as number));
        lastRss = Date.now();
      }
      await sleep(100);
    }
  } finally {
    conn.closeSync();
    duckdb.closeSync();
    await store.close();
    await stopOffline(demo);
    await rm(home, { recursive: true, force: true });
    await rm(baselineHome, { recursive: true, force: true });
  }
  const steady = rss.slice(Math.floor(rss.length / 2));
  return {
    bronze: bronze.freshnessMs,
    silver: silver.freshnessMs,
    gold: gold.freshnessMs,
    kafkaLag,
    rssMb: percentile(steady, 0.5),
    idleRssMb: idleRss,
  };
}

async function main(): Promise<void> {
  const frames = option('frames', 100_000);
  const seconds = option('seconds', 60);

  const noop = await throughput(frames, async () => ({ handler: async () => ({}), close: async () => {} }));
  const bronze = await throughput(frames, async (home) => {
    const duckdb = await openDuckDB();
    const config = loadConfig({ LAKEHOUSE_HOME: home });
    const store = await openTableStore(config);
    const pipeline = new Pipeline({
      duckdb,
      store,
      sqlDir: 'sql',
      commitRetries: 8,
      notifier: noCommitNotifier,
      snapshotRetentionMs: config.pipeline.snapshotRetentionMinutes * 60_000,
    });
    return {
      handler: (event) => pipeline.writeBronze(decodeKafkaEvent(event as KafkaEvent)),
      close: async () => {
        await pipeline.close();
        await store.close();
        duckdb.closeSync();
      },
    };
  });
  const live = await freshnessAndMemory(seconds);

  const ms = (values: readonly number[]) =>
    `p50 ${percentile(values, 0.5).toFixed(0)} ms, p95 ${percentile(values, 0.95).toFixed(0)} ms (${values.length} trades)`;
  const lines = [
    `events/s into bronze (Kafka -> trigger -> bronzeWriter -> Iceberg): ${bronze.perSecond.toFixed(0)} (${bronze.frames} frames)`,
    `  baseline, Kafka -> trigger -> no-op function:                 ${noop.perSecond.toFixed(0)}`,
    `freshness exchange time -> visible in bronze:         ${ms(live.bronze)}`,
    `freshness exchange time -> visible in silver.trades:  ${ms(live.silver)}`,
    `freshness exchange time -> visible in gold.ohlcv_1m:  ${ms(live.gold)}`,
    `  baseline, exchange time -> Kafka record timestamp:  ${ms(live.kafkaLag)}`,
    `RSS of the embedded stack (serverless offline, demo), steady state: ${live.rssMb.toFixed(0)} MB`,
    `  baseline, serverless offline with nothing started:              ${live.idleRssMb.toFixed(0)} MB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
