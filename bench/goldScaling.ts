/**
 * Gold build cost against history (figures printed, nothing asserted): silver.trades holding 1 day,
 * 1 week and 1 month of simulated trades, then one new minute of trades appended and the gold
 * models built (all four, incrementally), timed. The smallest table is the baseline of the same run;
 * flat means the ratio largest/smallest stays near 1.
 *
 *   npm run bench:gold
 *   node dist/bench/goldScaling.js --trades-per-minute 6 --rounds 3
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../layers/config/index.js';
import { openDuckDB } from '../layers/engine/index.js';
import {
  DECIMAL_SQL,
  noCommitNotifier,
  openTableStore,
  Pipeline,
  quoteLiteral,
  silverTrades,
  type TableStore,
} from '../layers/pipeline/index.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? fallback : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number`);
  return value;
}

const TRADES_PER_MINUTE = option('trades-per-minute', 6);
const ROUNDS = option('rounds', 3);
const PRODUCTS = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'DOGE-USD'];
const MINUTE_US = 60_000_000n;
const DAY_MINUTES = 1440;
const SIZES = [
  { label: '1 day', days: 1 },
  { label: '1 week', days: 7 },
  { label: '1 month', days: 30 },
];

/**
 * Trades for minutes [fromMinute, toMinute) after `startUs`, TRADES_PER_MINUTE per product and
 * minute, with ids continuing across calls (trade id = minute * TRADES_PER_MINUTE + i). Generated
 * by DuckDB from numbers and the product names of this file.
 */
function tradesQuery(startUs: bigint, fromMinute: number, toMinute: number): string {
  const perMinute = TRADES_PER_MINUTE;
  return `select p.product_id, (m * ${perMinute} + i)::BIGINT as trade_id,
      (1000 + (hash(p.product_id, m, i) % 100000) / 100.0)::${DECIMAL_SQL} as price,
      (0.001 + (hash(m, i, p.product_id) % 1000) / 1000.0)::${DECIMAL_SQL} as size,
      case when (m + i) % 2 = 0 then 'buy' else 'sell' end as maker_side,
      case when (m + i) % 2 = 0 then 'sell' else 'buy' end as taker_side,
      make_timestamptz(${startUs} + m * ${MINUTE_US} + i * (${MINUTE_US} // ${perMinute})) as exchange_time,
      make_timestamptz(${startUs} + m * ${MINUTE_US} + i * (${MINUTE_US} // ${perMinute}) + 150000) as received_at,
      150::BIGINT as ingest_latency_ms, 'simulator' as source, 'match' as event_type,
      'coinbase.raw' as bronze_kafka_topic, 0 as bronze_kafka_partition, (m * ${perMinute} + i)::BIGINT as bronze_kafka_offset,
      make_timestamptz(${startUs} + m * ${MINUTE_US} + i * (${MINUTE_US} // ${perMinute}) + 200000) as promoted_at
    from range(${fromMinute}, ${toMinute}) as minutes(m), range(0, ${perMinute}) as k(i),
         (values ${PRODUCTS.map((product) => `(${quoteLiteral(product)})`).join(', ')}) as p(product_id)`;
}

async function appendSilver(
  store: TableStore,
  conn: Awaited<ReturnType<Awaited<ReturnType<typeof openDuckDB>>['connect']>>,
  query: string,
) {
  const head = await store.head(silverTrades);
  await store.append(conn, silverTrades, query, { properties: head.properties, expectedSnapshotId: head.snapshotId });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function measure(days: number): Promise<{ trades: number; initialMs: number; buildMs: number[] }> {
  const home = await mkdtemp(path.join(tmpdir(), 'bench-gold-'));
  const duckdb = await openDuckDB({ threads: 2 });
  const conn = await duckdb.connect();
  const store = await openTableStore(loadConfig({ LAKEHOUSE_HOME: home }));
  const pipeline = new Pipeline({
    duckdb,
    store,
    sqlDir: 'sql',
    commitRetries: 3,
    notifier: noCommitNotifier,
    snapshotRetentionMs: 30 * 60_000,
  });
  // History ends now, so the new minutes are the live edge.
  const startUs = ((BigInt(Date.now()) * 1000n) / MINUTE_US) * MINUTE_US - BigInt(days * DAY_MINUTES) * MINUTE_US;
  try {
    await store.ensure(silverTrades);
    // One commit per day of history (one file per day and product, as compaction leaves them).
    for (let day = 0; day < days; day += 1) {
      await appendSilver(store, conn, tradesQuery(startUs, day * DAY_MINUTES, (day + 1) * DAY_MINUTES));
    }
    let started = performance.now();
    await pipeline.buildGold();
    const initialMs = performance.now() - started;
    const buildMs: number[] = [];
    const historyMinutes = days * DAY_MINUTES;
    for (let round = 0; round < ROUNDS; round += 1) {
      await appendSilver(store, conn, tradesQuery(startUs, historyMinutes + round, historyMinutes + round + 1));
      started = performance.now();
      const result = await pipeline.buildGold();
      buildMs.push(performance.now() - started);
      if (result.models.length === 0) throw new Error('the new minute built no gold model');
    }
    return { trades: (historyMinutes + ROUNDS) * TRADES_PER_MINUTE * PRODUCTS.length, initialMs, buildMs };
  } finally {
    await pipeline.close();
    conn.closeSync();
    await store.close();
    duckdb.closeSync();
    await rm(home, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows: { label: string; trades: number; initialMs: number; medianMs: number }[] = [];
  for (const size of SIZES) {
    const { trades, initialMs, buildMs } = await measure(size.days);
    rows.push({ label: size.label, trades, initialMs, medianMs: median(buildMs) });
  }
  const baseline = rows[0] as (typeof rows)[number];
  const largest = rows.at(-1) as (typeof rows)[number];
  const lines = [
    `gold build for one new minute of trades (${TRADES_PER_MINUTE} trades/min x ${PRODUCTS.length} products), median of ${ROUNDS}:`,
    ...rows.map(
      (row) =>
        `  silver with ${row.label.padEnd(7)} (${String(row.trades).padStart(9)} trades): ${row.medianMs.toFixed(0).padStart(6)} ms` +
        `   (first build over the whole history: ${row.initialMs.toFixed(0)} ms)`,
    ),
    `  ratio ${largest.label} / ${baseline.label} (baseline, same run): ${(largest.medianMs / baseline.medianMs).toFixed(2)}x` +
      ` for ${(largest.trades / baseline.trades).toFixed(1)}x the trades`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
