/**
 * Soak: the demo stack (`serverless offline start`: embedded broker, producer, Kafka triggers,
 * bronze/silver/gold functions, maintenance schedule, gateway) on a scratch home and free ports, fed
 * by the exchange simulator at 10x the live feed's rate, for SOAK_MINUTES (default 60). The
 * simulator runs in this process (its rate is set here; the stack's producer connects to it as it
 * would to Coinbase), so the stack's figures are the stack's own.
 *
 * Every SOAK_SAMPLE_SECONDS it samples RSS, open files and CPU of every process of the stack, the
 * home folder's size, snapshots and metadata.json size per table, and freshness p95 per layer. The
 * first half of the run is warm-up; over the second half a least-squares line through each series
 * must not climb past the bound stated in BOUNDS below (CPU and freshness: warnings only, see
 * TIMING_SERIES). Samples go to bench/results/soak-*.json.
 *
 *   SOAK_MINUTES=15 npm run test:soak
 */
import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../layers/config/index.js';
import { openDuckDB } from '../../layers/engine/index.js';
import { openCatalog } from '../../layers/iceberg/index.js';
import { bronzeEvents, goldOhlcv1m, openTableStore, silverTrades } from '../../layers/pipeline/index.js';
import { DEFAULT_PRODUCTS, startSimulator } from '../../producer/index.js';
import { startOffline, stopOffline } from '../helpers/offline.js';
import { until } from '../helpers/ports.js';
import { Visibility } from '../helpers/visibility.js';
import { type InstanceMemory, instanceMemory } from './memoryReports.js';
import { processFigures, processTree } from './processes.js';
import { directoryBytes, tableFigures } from './tables.js';
import { fitTrend, judge, type Point, type Verdict } from './trend.js';

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}

const MINUTES = setting('SOAK_MINUTES', 60);
const SAMPLE_SECONDS = setting('SOAK_SAMPLE_SECONDS', 15);
/**
 * The live feed (4 products) runs at about 35 events/s. The simulator sends a match and a ticker
 * per trade and a heartbeat per product per second: 43 trades/s per product is
 * 4 x (2 x 43 + 1) = 348 events/s, 10x live.
 */
const TRADES_PER_SECOND = setting('SOAK_TRADES_PER_SECOND', 43);
const EVENTS_PER_SECOND = DEFAULT_PRODUCTS.length * (2 * TRADES_PER_SECOND + 1);

/** The bounds, over the second half of the run (after warm-up). */
const BOUNDS = {
  /** RSS of each process may rise by at most this, or 10% of its mean if that is more (MiB). */
  rssRiseMiB: 64,
  rssRiseFraction: 0.1,
  openFilesRise: 16,
  /** CPU of each process, in % of one core. */
  cpuRisePercent: 20,
  /** The home folder grows with the data: at most this many bytes per bronze event, on a line. */
  diskBytesPerEvent: 2048,
  metadataMaxBytes: 100 * 1024,
  metadataRiseBytes: 16 * 1024,
  snapshotsRise: 10,
  freshnessRiseMs: 2000,
} as const;
/**
 * CPU and freshness depend on what else the machine runs (tests never assert wall-clock timings): a
 * stack starved by a neighbour and then catching up shows both "rising". Their trends are printed
 * and saved as warnings; growth of memory, files, disk and metadata is what fails the run.
 */
const TIMING_SERIES = /^(CPU %|freshness)/;
/** Goals of issue #10, printed beside the figures (not failed on: the machine is shared). */
const FRESHNESS_GOAL_P95_MS = { bronze: 2000, silver: 5000, gold: 10_000 } as const;

interface Sample {
  readonly t: number;
  readonly processes: { pid: number; name: string; rssMiB: number; openFiles: number; cpuPercent: number }[];
  readonly homeBytes: number;
  readonly bronzeEvents: number;
  readonly tables: Record<string, { snapshots: number; metadataBytes: number }>;
  readonly freshnessP95Ms: Record<'bronze' | 'silver' | 'gold', number>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function p95(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] as number;
}

/** The freshness of the trades a layer made visible since `fromMs`. */
function windowP95(layer: Visibility, fromMs: number): number {
  const recent: number[] = [];
  for (let i = layer.seenAtMs.length - 1; i >= 0 && (layer.seenAtMs[i] as number) >= fromMs; i -= 1) {
    recent.push(layer.freshnessMs[i] as number);
  }
  return p95(recent);
}

function verdicts(samples: readonly Sample[], warmup: number): Verdict[] {
  const out: Verdict[] = [];
  const series = (pick: (s: Sample) => number | undefined): Point[] =>
    samples.flatMap((s) => {
      const value = pick(s);
      return value === undefined ? [] : [{ t: s.t, value }];
    });
  const names = new Map<number, string>();
  for (const s of samples) for (const p of s.processes) names.set(p.pid, p.name);
  for (const [pid, name] of names) {
    const of = (s: Sample) => s.processes.find((p) => p.pid === pid);
    const rss = series((s) => of(s)?.rssMiB);
    const mean = rss.filter((p) => p.t >= warmup).reduce((sum, p, _, all) => sum + p.value / all.length, 0);
    const rssRise = Math.round(Math.max(BOUNDS.rssRiseMiB, BOUNDS.rssRiseFraction * mean));
    out.push(judge(rss, warmup, { series: `RSS MiB, ${name} (${pid})`, maxRise: rssRise }));
    out.push(
      judge(
        series((s) => of(s)?.openFiles),
        warmup,
        {
          series: `open files, ${name} (${pid})`,
          maxRise: BOUNDS.openFilesRise,
        },
      ),
    );
    out.push(
      judge(
        series((s) => of(s)?.cpuPercent),
        warmup,
        {
          series: `CPU %, ${name} (${pid})`,
          maxRise: BOUNDS.cpuRisePercent,
        },
      ),
    );
  }
  // Disk against ingested events, not time: the line's slope is bytes per event.
  const disk = samples.map((s) => ({ t: s.bronzeEvents, value: s.homeBytes }));
  const steadyEvents = samples.filter((s) => s.t >= warmup).map((s) => s.bronzeEvents);
  const eventSpan = steadyEvents.length > 0 ? Math.max(...steadyEvents) - Math.min(...steadyEvents) : 0;
  const firstSteady = Math.min(...steadyEvents);
  out.push(
    judge(disk, firstSteady, {
      series: 'home folder bytes (rise over the bronze events of the second half)',
      maxRise: BOUNDS.diskBytesPerEvent * eventSpan,
    }),
  );
  const tables = new Set(samples.flatMap((s) => Object.keys(s.tables)));
  for (const table of tables) {
    out.push(
      judge(
        series((s) => s.tables[table]?.metadataBytes),
        warmup,
        {
          series: `metadata.json bytes, ${table}`,
          maxRise: BOUNDS.metadataRiseBytes,
          maxValue: BOUNDS.metadataMaxBytes,
        },
      ),
    );
    out.push(
      judge(
        series((s) => s.tables[table]?.snapshots),
        warmup,
        {
          series: `snapshots, ${table}`,
          maxRise: BOUNDS.snapshotsRise,
        },
      ),
    );
  }
  for (const layer of ['bronze', 'silver', 'gold'] as const) {
    out.push(
      judge(
        series((s) => s.freshnessP95Ms[layer]),
        warmup,
        {
          series: `freshness p95 ms, ${layer} (goal ${FRESHNESS_GOAL_P95_MS[layer]})`,
          maxRise: BOUNDS.freshnessRiseMs,
        },
      ),
    );
  }
  return out;
}

/**
 * Per pipeline instance: its V8 heap and its DuckDB's buffer use must not climb, and DuckDB stays
 * under its limit. Instances invoked too rarely to log 3 times after warm-up are printed, not judged.
 */
function memoryVerdicts(instances: readonly InstanceMemory[], warmup: number): Verdict[] {
  const judged = instances.filter((i) => i.heapMiB.filter((p) => p.t >= warmup).length >= 3);
  return judged.flatMap((i) => {
    const steadyMean = (points: readonly Point[]) => fitTrend(points.filter((p) => p.t >= warmup)).mean;
    const bound = (points: readonly Point[]) =>
      Math.round(Math.max(BOUNDS.rssRiseMiB, BOUNDS.rssRiseFraction * steadyMean(points)));
    const heap = judge(i.heapMiB, warmup, { series: `V8 heap MiB, ${i.instance}`, maxRise: bound(i.heapMiB) });
    if (i.duckdbLimitMiB === undefined) return [heap];
    const duckdb = judge(i.duckdbMiB, warmup, {
      series: `DuckDB MiB, ${i.instance} (limit ${i.duckdbLimitMiB.toFixed(0)})`,
      maxRise: bound(i.duckdbMiB),
      maxValue: i.duckdbLimitMiB,
    });
    return [heap, duckdb];
  });
}

function memorySummary(instances: readonly InstanceMemory[]): string {
  return instances
    .map((i) => {
      const heap = fitTrend(i.heapMiB);
      const duckdb = fitTrend(i.duckdbMiB);
      const ofDuckDB =
        i.duckdbLimitMiB === undefined
          ? ''
          : `, DuckDB mean ${duckdb.mean.toFixed(1)} max ${duckdb.max.toFixed(1)} of ${i.duckdbLimitMiB.toFixed(0)} MiB`;
      return `     ${i.instance}: ${i.heapMiB.length} reports, heap mean ${heap.mean.toFixed(1)} max ${heap.max.toFixed(1)} MiB${ofDuckDB}`;
    })
    .join('\n');
}

function summary(results: readonly Verdict[]): string {
  const rows = results.map((v) => {
    const bound = `rise <= ${v.maxRise}${v.maxValue === undefined ? '' : `, max <= ${v.maxValue}`}`;
    const status = v.failure === undefined ? 'ok  ' : TIMING_SERIES.test(v.series) ? 'warn' : 'FAIL';
    return `${status} ${v.series}: mean ${v.mean.toFixed(1)}, max ${v.max.toFixed(1)}, rise ${v.rise.toFixed(1)} (${bound})${v.failure ? ` -- ${v.failure}` : ''}`;
  });
  return rows.join('\n');
}

describe('soak: the demo stack at 10x the live feed', () => {
  it(`stays flat for ${MINUTES} min at ${EVENTS_PER_SECOND} events/s`, {
    timeout: (MINUTES + 10) * 60_000,
  }, async () => {
    const started = new Date();
    const stamp = started.toISOString().replaceAll(':', '-').slice(0, 19);
    const resultsDir = path.resolve('bench/results');
    await mkdir(resultsDir, { recursive: true });
    const home = await mkdtemp(path.join(tmpdir(), 'soak-'));
    const simulator = await startSimulator({
      port: 0,
      products: DEFAULT_PRODUCTS,
      generator: { tradesPerSecond: TRADES_PER_SECOND },
    });
    const logFile = path.join(resultsDir, `soak-${stamp}.log`);
    const log = openSync(logFile, 'w');
    const { child } = await startOffline(
      home,
      {
        TZ: 'UTC',
        LAKEHOUSE_DEMO: 'false',
        COINBASE_FEED: 'exchange',
        COINBASE_WS_URL: simulator.wsUrl,
        COINBASE_REST_URL: simulator.restUrl,
        PRODUCER_SOURCE: 'simulator',
      },
      ['ignore', log, log],
    );
    const config = loadConfig({ LAKEHOUSE_HOME: home });
    const catalog = await openCatalog(config);
    const store = await openTableStore(config);
    const duckdb = await openDuckDB({ threads: 1 });
    const conn = await duckdb.connect();
    const samples: Sample[] = [];
    let t0 = Date.now();
    try {
      await until(
        async () =>
          (await catalog.tableExists('bronze.coinbase_events')) &&
          (await store.head(bronzeEvents)).snapshotId !== undefined,
        'the first bronze commit',
        180_000,
        500,
      );
      const layers = {
        bronze: new Visibility(store, bronzeEvents),
        silver: new Visibility(store, silverTrades),
        gold: new Visibility(store, goldOhlcv1m),
      };
      t0 = Date.now();
      const end = t0 + MINUTES * 60_000;
      let nextSample = t0 + SAMPLE_SECONDS * 1000;
      let lastSampleAt = t0;
      let lastCpu = new Map<number, number>();
      while (Date.now() < end) {
        if (child.exitCode !== null) throw new Error(`the stack exited with ${child.exitCode}: see ${logFile}`);
        try {
          await layers.bronze.poll(conn);
          await layers.silver.poll(conn);
          await layers.gold.pollGold(layers.silver);
        } catch {
          // A table mid-commit or not created yet: the next poll sees it.
        }
        if (Date.now() >= nextSample) {
          const now = Date.now();
          const cpu = new Map<number, number>();
          const processes = processTree(child.pid as number).flatMap((pid) => {
            const figures = processFigures(pid);
            if (!figures) return [];
            cpu.set(pid, figures.cpuSeconds);
            const previous = lastCpu.get(pid);
            const cpuPercent =
              previous === undefined
                ? Number.NaN
                : ((figures.cpuSeconds - previous) / ((now - lastSampleAt) / 1000)) * 100;
            return [{ pid, name: figures.name, rssMiB: figures.rssMiB, openFiles: figures.openFiles, cpuPercent }];
          });
          lastCpu = cpu;
          const tables = await tableFigures(catalog);
          samples.push({
            t: (now - t0) / 1000,
            processes,
            homeBytes: await directoryBytes(home),
            bronzeEvents: tables['bronze.coinbase_events']?.records ?? 0,
            tables: Object.fromEntries(
              Object.entries(tables).map(([name, f]) => [
                name,
                { snapshots: f.snapshots, metadataBytes: f.metadataBytes },
              ]),
            ),
            freshnessP95Ms: {
              bronze: windowP95(layers.bronze, lastSampleAt),
              silver: windowP95(layers.silver, lastSampleAt),
              gold: windowP95(layers.gold, lastSampleAt),
            },
          });
          lastSampleAt = now;
          nextSample += SAMPLE_SECONDS * 1000;
        }
        await sleep(500);
      }
    } finally {
      conn.closeSync();
      duckdb.closeSync();
      await store.close();
      await catalog.close();
      await stopOffline(child);
      closeSync(log);
      await simulator.close();
      await rm(home, { recursive: true, force: true });
    }

    const warmup = (MINUTES * 60) / 2;
    const memory = await instanceMemory(logFile, t0);
    const results = [...verdicts(samples, warmup), ...memoryVerdicts(memory, warmup)];
    const report = {
      started: started.toISOString(),
      minutes: MINUTES,
      sampleSeconds: SAMPLE_SECONDS,
      eventsPerSecond: EVENTS_PER_SECOND,
      tradesPerSecondPerProduct: TRADES_PER_SECOND,
      warmupSeconds: warmup,
      bounds: BOUNDS,
      freshnessGoalP95Ms: FRESHNESS_GOAL_P95_MS,
      verdicts: results,
      samples,
      pipelineMemory: memory,
    };
    const resultFile = path.join(resultsDir, `soak-${stamp}.json`);
    await writeFile(resultFile, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      `soak: ${MINUTES} min at ${EVENTS_PER_SECOND} events/s (${TRADES_PER_SECOND} trades/s x ${DEFAULT_PRODUCTS.length} products), ` +
        `${samples.length} samples, judged after ${warmup} s of warm-up\n${summary(results)}\npipeline instances (V8 heap and DuckDB, from their memory lines):\n${memorySummary(memory)}\nsamples: ${resultFile}\n`,
    );
    assert.deepEqual(
      results
        .filter((v) => v.failure !== undefined && !TIMING_SERIES.test(v.series))
        .map((v) => `${v.series}: ${v.failure}`),
      [],
    );
  });
});
