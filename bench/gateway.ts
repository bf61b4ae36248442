/**
 * Gateway figures: p50/p95 latency of `SELECT * FROM gold.latest_prices` and of 24 h of 1-minute
 * candles for one product (a day of candles loaded for three products), and rows/s streamed for a
 * large result, each through trino-client over HTTP beside the same query on the engine in-process
 * (the baseline), with the ratio. Tables are Iceberg tables written by layers/iceberg with the gold
 * columns, in a temporary LAKEHOUSE_HOME.
 *
 *   npm run build && node dist/bench/gateway.js [--runs 200]
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Trino } from 'trino-client';
import type { QueryEngine } from '../layers/engine/index.js';
import { startGateway } from '../local/gateway/index.js';
import { createLakehouseFixture } from '../tests/integration/gateway/helpers/lakehouseFixture.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg === -1 ? 100 : Number(process.argv[runsArg + 1]);
const WARMUP = 10;

const LATEST_PRICES = 'SELECT * FROM gold.latest_prices';
const CANDLES_24H = `SELECT * FROM gold.ohlcv_1m WHERE product_id = 'BTC-USD'
  AND bucket_start >= TIMESTAMP '2024-03-01 00:00:00 UTC' AND bucket_start < TIMESTAMP '2024-03-02 00:00:00 UTC'
  ORDER BY bucket_start`;
/** 432,000 wide rows (14 columns: decimals, timestamps, bigints) from the candles table. */
const LARGE_RESULT = 'SELECT c.* FROM gold.ohlcv_1m c, range(100) r';

async function viaEngine(engine: QueryEngine, sql: string): Promise<number> {
  const result = await engine.query(sql);
  let rows = 0;
  for await (const batch of result.batches) rows += batch.length;
  return rows;
}

async function viaGateway(trino: Trino, sql: string): Promise<number> {
  let rows = 0;
  for await (const result of await trino.query(sql)) {
    if (result.error) throw new Error(`${result.error.errorName}: ${result.error.message}`);
    rows += result.data?.length ?? 0;
  }
  return rows;
}

/** trino-client in its own process (as a real client is), so its JSON parsing does not share the gateway's thread. */
const STREAM_CLIENT = `
import { Trino } from 'trino-client';
const [server, sql] = process.argv.slice(1);
const trino = Trino.create({ server, catalog: 'iceberg', schema: 'gold', source: 'bench' });
const start = performance.now();
let rows = 0;
for await (const result of await trino.query(sql)) {
  if (result.error) throw new Error(result.error.errorName + ': ' + result.error.message);
  rows += result.data?.length ?? 0;
}
console.log(JSON.stringify({ rows, ms: performance.now() - start }));
`;

function viaGatewayProcess(server: string, sql: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', STREAM_CLIENT, server, sql],
      { maxBuffer: 1024 * 1024 },
      (error, stdout) => {
        if (error) reject(error);
        else resolve((JSON.parse(stdout) as { rows: number }).rows);
      },
    );
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function latencies(run: () => Promise<number>, expectedRows: number): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const rows = await run();
    samples.push(performance.now() - start);
    if (rows !== expectedRows) throw new Error(`expected ${expectedRows} rows, got ${rows}`);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function throughput(run: () => Promise<number>): Promise<{ rows: number; rowsPerSecond: number }> {
  await run();
  const start = performance.now();
  const rows = await run();
  return { rows, rowsPerSecond: rows / ((performance.now() - start) / 1000) };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function main(): Promise<void> {
  const fixture = await createLakehouseFixture();
  const engine = fixture.lakehouse.engine;
  const gateway = await startGateway({ engine, port: 0 });
  const trino = Trino.create({ server: gateway.url, catalog: 'iceberg', schema: 'gold', source: 'bench' });
  try {
    console.log(
      `gateway bench: ${RUNS} runs after ${WARMUP} warm-up runs; gateway via trino-client over HTTP, baseline = engine in-process; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]?.toFixed(1)}`,
    );
    console.log(
      'query                          | gateway p50 | gateway p95 | engine p50 | engine p95 | p50 ratio | goal (p50)',
    );
    for (const [name, sql, rows, goal] of [
      ['latest_prices (3 rows)', LATEST_PRICES, 3, 20],
      ['24 h of 1-min candles (1440)', CANDLES_24H, 1440, 100],
    ] as const) {
      const gatewayLatency = await latencies(() => viaGateway(trino, sql), rows);
      const engineLatency = await latencies(() => viaEngine(engine, sql), rows);
      console.log(
        `${name.padEnd(30)} | ${ms(gatewayLatency.p50).padStart(11)} | ${ms(gatewayLatency.p95).padStart(11)} | ${ms(engineLatency.p50).padStart(10)} | ${ms(engineLatency.p95).padStart(10)} | ${(gatewayLatency.p50 / engineLatency.p50).toFixed(2).padStart(9)} | ${goal} ms ${gatewayLatency.p50 <= goal ? 'met' : 'MISSED'}`,
      );
    }
    const streamedGateway = await throughput(() => viaGatewayProcess(gateway.url, LARGE_RESULT));
    const streamedEngine = await throughput(() => viaEngine(engine, LARGE_RESULT));
    console.log(
      `streamed ${streamedGateway.rows} wide rows (trino-client in a child process, start-up included): gateway ${Math.round(streamedGateway.rowsPerSecond)} rows/s, engine ${Math.round(streamedEngine.rowsPerSecond)} rows/s, ratio ${(streamedEngine.rowsPerSecond / streamedGateway.rowsPerSecond).toFixed(2)}x slower through the gateway`,
    );
  } finally {
    await gateway.close();
    await fixture.close();
  }
}

await main();
