/**
 * Producer benchmark: frames/s the producer sustains from the simulator into Kafka (embedded broker),
 * receipt-to-acknowledgement latency (p50/p99) at a fixed offered rate, and resident memory; with a
 * baseline measured in the same run: the same frames sent straight through the Kafka client.
 *
 *   npm run bench:producer   (BENCH_FRAMES, BENCH_RATE, BENCH_STEADY_RATE change the sizes)
 *
 * Broker and simulator run as child processes (`lakehouse broker`, `lakehouse simulate --replay`),
 * so the producer's process holds only the producer.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nowMicros } from '../layers/coinbase/index.js';
import { createKafka, HEADER_RECEIVED_AT, type KafkaClient, type OutgoingRecord } from '../layers/kafka/index.js';
import { PRODUCER_DEFAULTS, type RunningProducer, silentLogger, startProducer } from '../producer/index.js';
import { matchFrame, tickerFrame } from '../producer/simulator/frames.js';
import { Market } from '../producer/simulator/Market.js';
import { seededRandom } from '../producer/simulator/random.js';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 50_000);
/** A rate the stack sustains, for latency without queueing (10x the real feed's bursts of ~500 frames/s). */
const STEADY_RATE = Number(process.env.BENCH_STEADY_RATE ?? 5_000);
const PRODUCTS = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'DOGE-USD'];
const CLI = fileURLToPath(new URL('../../bin/lakehouse.js', import.meta.url));

/** A capture of `count` frames (match + ticker per trade) spaced 1/rate s apart, in the shared captures' format. */
function writeCapture(file: string, count: number, rate: number): string[] {
  const market = new Market(PRODUCTS, seededRandom(1), count);
  const frames: string[] = [];
  const lines: string[] = [];
  const start = Date.now() / 1000;
  while (frames.length < count) {
    const trade = market.trade(PRODUCTS[frames.length % PRODUCTS.length] as string);
    for (const text of [matchFrame(trade), tickerFrame(trade, market)]) {
      lines.push(JSON.stringify({ recv_ts: start + frames.length / rate, raw: text }));
      frames.push(text);
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return frames;
}

async function child(args: string[], ready: RegExp): Promise<{ process: ChildProcess; match: RegExpMatchArray }> {
  const proc = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(ready);
      if (match) resolve({ process: proc, match });
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}: ${output}`)));
  });
}

function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.removeAllListeners('exit');
    proc.once('exit', () => resolve());
    proc.kill('SIGTERM');
  });
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** A KafkaClient whose sends are acknowledged at once without encoding: isolates the producer's own cost. */
function stubbed(inner: KafkaClient): KafkaClient {
  return {
    ...inner,
    producer: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      send: async (topic: string) => [{ topic, partition: 0, baseOffset: '0' }],
    }),
  };
}

/** Per run: receipt-to-acknowledgement of every record, and the span from first receipt to last ack. */
interface Timing {
  readonly latenciesMs: number[];
  firstReceivedUs: bigint;
  lastAckUs: bigint;
}

/** Wraps a KafkaClient to record, per acknowledged record, receipt (received_at header) to acknowledgement. */
function measuring(inner: KafkaClient, timing: Timing): KafkaClient {
  return {
    ...inner,
    producer: (options) => {
      const producer = inner.producer(options);
      return {
        ...producer,
        async send(topic: string, records: readonly OutgoingRecord[]) {
          const acks = await producer.send(topic, records);
          const now = nowMicros();
          timing.lastAckUs = now;
          for (const record of records) {
            const received = BigInt(record.headers?.[HEADER_RECEIVED_AT] ?? '0');
            if (received < timing.firstReceivedUs) timing.firstReceivedUs = received;
            timing.latenciesMs.push(Number(now - received) / 1000);
          }
          return acks;
        },
      };
    },
  };
}

/** CPU time (user + system) of this process in microseconds per frame since `start`. */
const cpuPerFrame = (start: NodeJS.CpuUsage, frames: number) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / frames;
};

async function baseline(kafka: KafkaClient, frames: readonly string[]): Promise<{ rate: number; cpuUs: number }> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let offset = 0; offset < frames.length; offset += PRODUCER_DEFAULTS.batchMaxFrames) {
    const batch = frames.slice(offset, offset + PRODUCER_DEFAULTS.batchMaxFrames).map((value, index) => ({
      key: PRODUCTS[(offset + index) % PRODUCTS.length] as string,
      value: Buffer.from(value),
      headers: { received_at: String(nowMicros()), source: 'simulator', connection_id: 'baseline' },
    }));
    await producer.send('bench.baseline', batch);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuUs = cpuPerFrame(cpu, frames.length);
  await producer.disconnect();
  return { rate: frames.length / seconds, cpuUs };
}

async function run(
  kafka: KafkaClient,
  capture: string,
  count: number,
  speed: number,
  topic: string,
): Promise<{
  framesPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  rssMb: number;
  lost: number;
  cpuUs: number;
}> {
  const sim = await child(
    ['simulate', '--port', '0', '--replay', capture, '--speed', String(speed)],
    /WebSocket (ws:\S+)\s+REST (http:\S+)/,
  );
  const timing: Timing = { latenciesMs: [], firstReceivedUs: 2n ** 63n, lastAckUs: 0n };
  const latencies = timing.latenciesMs;
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  let producer: RunningProducer | undefined;
  const cpu = process.cpuUsage();
  try {
    producer = await startProducer({
      feed: 'exchange',
      wsUrl: sim.match[1] as string,
      restUrl: sim.match[2] as string,
      products: PRODUCTS,
      kafka: measuring(kafka, timing),
      topic,
      source: 'replay',
      metricsPort: null,
      gapGraceMs: 3_600_000,
      log: silentLogger,
    });
    const deadline = Date.now() + 120_000;
    while (latencies.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    const seconds = Number(timing.lastAckUs - timing.firstReceivedUs) / 1e6;
    const sorted = Float64Array.from(latencies).sort();
    return {
      framesPerSecond: latencies.length / seconds,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted[sorted.length - 1] ?? 0,
      rssMb: peakRss / 2 ** 20,
      lost: count - latencies.length,
      cpuUs: cpuPerFrame(cpu, Math.max(1, latencies.length)),
    };
  } finally {
    clearInterval(sampler);
    await producer?.close();
    await stop(sim.process);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-producer-'));
  const capture = path.join(dir, 'capture.ndjson');
  const frames = writeCapture(capture, FRAMES, RATE);
  const steadyCount = Math.min(FRAMES, STEADY_RATE * 5);
  const steadyCapture = path.join(dir, 'steady.ndjson');
  writeCapture(steadyCapture, steadyCount, STEADY_RATE);
  const broker = await child(
    ['broker', '--port', '0', '--data', path.join(dir, 'broker'), '--metrics-port', '0'],
    /listening on (\S+)/,
  );
  try {
    const kafka = createKafka({ brokers: [broker.match[1] as string], clientId: 'bench', logLevel: 'error' });
    const raw = await baseline(kafka, frames);
    const rawRate = raw.rate;
    // Steady first: RSS only grows across runs in one process.
    const steady = await run(kafka, steadyCapture, steadyCount, 1, 'bench.steady');
    const flat = await run(kafka, capture, FRAMES, 0, 'bench.max');
    const paced = await run(kafka, capture, FRAMES, 1, 'bench.paced');
    const alone = await run(stubbed(kafka), capture, FRAMES, 0, 'bench.stub');
    const lines = [
      `producer benchmark: ${FRAMES} frames (match + ticker), ${PRODUCTS.length} products, broker = embedded (child process), ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)}`,
      `baseline  kafka client alone, same frames, batches of ${PRODUCER_DEFAULTS.batchMaxFrames}: ${rawRate.toFixed(0)} frames/s, ${raw.cpuUs.toFixed(1)} us CPU/frame`,
      `producer  simulator replay as fast as possible -> Kafka: ${flat.framesPerSecond.toFixed(0)} frames/s (${(flat.framesPerSecond / rawRate).toFixed(2)} x baseline; goal 50000), p99 receipt->ack ${flat.p99.toFixed(1)} ms, peak RSS ${flat.rssMb.toFixed(0)} MB, ${flat.cpuUs.toFixed(1)} us CPU/frame (${(1e6 / flat.cpuUs).toFixed(0)} frames/s per core), not acknowledged ${flat.lost}`,
      `producer  alone (Kafka client stubbed: acknowledged at once, nothing encoded): ${alone.framesPerSecond.toFixed(0)} frames/s, ${alone.cpuUs.toFixed(1)} us CPU/frame`,
      `producer  offered ${STEADY_RATE} frames/s for 5 s: sustained ${steady.framesPerSecond.toFixed(0)} frames/s, receipt->ack p50 ${steady.p50.toFixed(1)} ms p99 ${steady.p99.toFixed(1)} ms max ${steady.max.toFixed(1)} ms, peak RSS ${steady.rssMb.toFixed(0)} MB, not acknowledged ${steady.lost}`,
      `producer  offered ${RATE} frames/s: sustained ${paced.framesPerSecond.toFixed(0)} frames/s, receipt->ack p50 ${paced.p50.toFixed(1)} ms p99 ${paced.p99.toFixed(1)} ms max ${paced.max.toFixed(1)} ms, peak RSS ${paced.rssMb.toFixed(0)} MB, not acknowledged ${paced.lost}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stdout.write(
      `${JSON.stringify({ frames: FRAMES, loadAverage: os.loadavg()[0], baselineFramesPerSecond: Math.round(rawRate), baselineCpuUsPerFrame: Number(raw.cpuUs.toFixed(1)), producerCpuUsPerFrame: Number(flat.cpuUs.toFixed(1)), producerAloneFramesPerSecond: Math.round(alone.framesPerSecond), producerAloneCpuUsPerFrame: Number(alone.cpuUs.toFixed(1)), maxFramesPerSecond: Math.round(flat.framesPerSecond), ratioToBaseline: Number((flat.framesPerSecond / rawRate).toFixed(3)), offeredRate: RATE, sustainedFramesPerSecond: Math.round(paced.framesPerSecond), p50AckMs: Number(paced.p50.toFixed(2)), p99AckMs: Number(paced.p99.toFixed(2)), steadyRate: STEADY_RATE, steadyP50AckMs: Number(steady.p50.toFixed(2)), steadyP99AckMs: Number(steady.p99.toFixed(2)), steadyPeakRssMb: Math.round(steady.rssMb), peakRssMb: Math.round(Math.max(flat.rssMb, paced.rssMb)) })}\n`,
    );
  } finally {
    await stop(broker.process);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
