/**
 * The whole local path under serverless-offline: embedded broker (in the test) -> the plugin's
 * Kafka trigger -> bronzeWriter -> (commit events) silverPromoter -> goldBuilder, with the
 * serverless-offline process killed with SIGKILL while batches are in flight, then restarted.
 * Nothing may be lost or duplicated, and gold must equal an independent computation.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import { openDuckDB } from '../../../layers/engine/index.js';
import { createKafka } from '../../../layers/kafka/index.js';
import type { TableStore } from '../../../layers/pipeline/index.js';
import {
  bronzeEvents,
  openTableStore,
  PROP_BRONZE_SNAPSHOT,
  PROP_SILVER_SNAPSHOT,
  pipelineTables,
  silverTrades,
} from '../../../layers/pipeline/index.js';
import { type RunningBroker, startBroker } from '../../../local/broker/index.js';
import { freePort, until } from '../../helpers/ports.js';
import { type FeedFrame, feedRecord, generateFeed } from '../../unit/pipeline/feeds.js';
import { readGold } from '../../unit/pipeline/readGold.js';
import { candles, latestPrices } from '../../unit/pipeline/referenceGold.js';

const TOPIC = 'coinbase.raw';

/** Polls every 200 ms (the stack under test shares the machine's 2 cores). */
const waitUntil = (condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 90_000) =>
  until(condition, what, timeoutMs, 200);

describe('serverless offline: kill -9 of the function runtime mid-batch', () => {
  let home: string;
  let broker: RunningBroker;
  let store: TableStore;
  let offline: ChildProcess | undefined;
  let output = '';

  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'offline-kill-'));
    broker = await startBroker({
      port: 0,
      dataDir: path.join(home, 'broker'),
      defaultPartitions: 4,
      onProblem: () => undefined,
    });
    store = await openTableStore(loadConfig({ LAKEHOUSE_HOME: home }));
  });
  after(async () => {
    offline?.kill('SIGKILL');
    await store.close();
    await broker.close();
    await rm(home, { recursive: true, force: true });
  });

  async function startOffline(): Promise<ChildProcess> {
    const lambdaPort = await freePort();
    const child = spawn(process.execPath, ['node_modules/serverless/bin/serverless.js', 'offline', 'start'], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        KAFKA_BROKERS: broker.bootstrap,
        LAKEHOUSE_HOME: home,
        LAKEHOUSE_STACK: 'triggers',
        // serverless-offline's line per invocation (which this test watches) is shown at debug level.
        LOG_LEVEL: 'debug',
        OFFLINE_LAMBDA_PORT: String(lambdaPort),
        OFFLINE_HTTP_PORT: String(await freePort()),
        OFFLINE_WEBSOCKET_PORT: String(await freePort()),
        METRICS_PORT: String(await freePort()),
        LAMBDA_ENDPOINT: `http://127.0.0.1:${lambdaPort}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    return child;
  }

  async function produce(frames: readonly FeedFrame[]): Promise<void> {
    const producer = createKafka({
      brokers: [broker.bootstrap],
      clientId: 'kill-test',
      logLevel: 'nothing',
    }).producer();
    await producer.connect();
    for (let i = 0; i < frames.length; i += 500) {
      await producer.send(TOPIC, frames.slice(i, i + 500).map(feedRecord));
    }
    await producer.disconnect();
  }

  async function caughtUp(total: number): Promise<boolean> {
    const bronze = await store.head(bronzeEvents);
    if (bronze.snapshotId === undefined) return false;
    const duckdb = await openDuckDB();
    const conn = await duckdb.connect();
    try {
      await store.scan(conn, bronzeEvents, 'b');
      const rows = Number((await conn.runAndReadAll('select count(*) from b')).getRows()[0]?.[0]);
      if (rows < total) return false;
    } finally {
      conn.closeSync();
      duckdb.closeSync();
    }
    const silver = await store.head(silverTrades);
    if (silver.properties[PROP_BRONZE_SNAPSHOT] !== bronze.snapshotId) return false;
    for (const def of pipelineTables.filter((t) => t.namespace === 'gold')) {
      if ((await store.head(def)).properties[PROP_SILVER_SNAPSHOT] !== silver.snapshotId) return false;
    }
    return true;
  }

  it('loses and duplicates nothing, and gold equals the trades', { timeout: 240_000 }, async () => {
    const feed = generateFeed({
      seed: 3,
      products: ['BTC-USD', 'ETH-USD'],
      tradesPerProduct: 1200,
      startUs: 1_700_000_000_000_000n,
      spanUs: 3_600_000_000n,
    });
    const admin = await createKafka({
      brokers: [broker.bootstrap],
      clientId: 'kill-admin',
      logLevel: 'nothing',
    }).admin();
    await admin.ensureTopic(TOPIC, 4);
    await admin.disconnect();
    const half = Math.floor(feed.frames.length / 2);
    await produce(feed.frames.slice(0, half));

    offline = await startOffline();
    await waitUntil(() => output.includes('(λ: bronzeWriter)'), 'the first bronzeWriter invocation');
    await produce(feed.frames.slice(half));
    await waitUntil(() => output.split('(λ: bronzeWriter)').length > 2, 'a bronze batch of the second half');
    await new Promise((resolve) => setTimeout(resolve, 150));
    offline.kill('SIGKILL');
    await new Promise((resolve) => offline?.once('exit', resolve));

    offline = await startOffline();
    await waitUntil(() => caughtUp(feed.frames.length), 'gold to catch up after the restart');
    offline.kill('SIGINT');
    await new Promise((resolve) => offline?.once('exit', resolve));
    offline = undefined;

    const duckdb = await openDuckDB();
    const conn = await duckdb.connect();
    try {
      for (const def of pipelineTables) await store.scan(conn, def, `t_${def.namespace}_${def.name}`);
      const one = async (sql: string) => (await conn.runAndReadAll(sql)).getRows()[0] as unknown[];
      const [bronzeRows, distinctOffsets] = await one(
        'select count(*), count(distinct (kafka_partition, kafka_offset)) from t_bronze_coinbase_events',
      );
      assert.equal(Number(bronzeRows), feed.frames.length);
      assert.equal(Number(distinctOffsets), feed.frames.length);
      const [silverRows] = await one('select count(*) from t_silver_trades');
      assert.equal(Number(silverRows), feed.trades.length);
      const [rejects] = await one('select count(*) from t_silver_trades_rejected');
      assert.equal(Number(rejects), feed.malformed);
      const gold = await readGold(conn, (table) => `t_gold_${table}`);
      assert.deepEqual(gold.ohlcv1m, candles(feed.trades, 60_000_000n));
      assert.deepEqual(gold.ohlcv1h, candles(feed.trades, 3_600_000_000n));
      assert.deepEqual(gold.latest, latestPrices(feed.trades));
    } finally {
      conn.closeSync();
      duckdb.closeSync();
    }
  });

  it('stops cleanly on Ctrl-C (SIGINT) while functions run, and resumes where it stopped', {
    timeout: 240_000,
  }, async () => {
    const feed = generateFeed({
      seed: 4,
      products: ['SOL-USD'],
      // About 2 minutes of frames at the feeder's pace: still running at SIGINT however slow the start.
      tradesPerProduct: 100_000,
      startUs: 1_700_100_000_000_000n,
      spanUs: 3_600_000_000n,
    });
    const bronzeBefore = await countRows(bronzeEvents);
    output = '';
    offline = await startOffline();
    // Frames keep arriving, so bronze batches and the commit events they start (silverPromoter,
    // goldBuilder) are running when SIGINT comes.
    let sent = 0;
    let feeding = true;
    const feeder = (async () => {
      const producer = createKafka({
        brokers: [broker.bootstrap],
        clientId: 'sigint-feed',
        logLevel: 'nothing',
      }).producer();
      await producer.connect();
      try {
        while (feeding && sent < feed.frames.length) {
          const chunk = feed.frames.slice(sent, sent + 100);
          await producer.send(TOPIC, chunk.map(feedRecord));
          sent += chunk.length;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      } finally {
        await producer.disconnect();
      }
    })();
    await waitUntil(() => output.includes('(λ: goldBuilder)'), 'gold built from the first batches');
    const stopped = offline;
    const exit = new Promise<[number | null, string | null]>((resolve) =>
      stopped.once('exit', (code, signal) => resolve([code, signal])),
    );
    stopped.kill('SIGINT');
    assert.deepEqual(await exit, [0, null], `serverless offline did not exit cleanly:\n${output.slice(-3000)}`);
    assert.doesNotMatch(output, /terminate called|Napi::Error|Aborted/);
    assert.match(output, /embedded stack stopped/);
    feeding = false;
    await feeder;
    assert.ok(sent < feed.frames.length, 'the feed should still have been running at SIGINT');
    await produce(feed.frames.slice(sent));

    offline = await startOffline();
    await waitUntil(
      async () => (await countRows(bronzeEvents)) === bronzeBefore + feed.frames.length,
      'the rest of the feed',
    );
    offline.kill('SIGINT');
    await new Promise((resolve) => offline?.once('exit', resolve));
    offline = undefined;
  });

  async function countRows(def: typeof bronzeEvents): Promise<number> {
    if ((await store.head(def)).snapshotId === undefined) return 0;
    const duckdb = await openDuckDB();
    const conn = await duckdb.connect();
    try {
      await store.scan(conn, def, 'counted');
      return Number((await conn.runAndReadAll('select count(*) from counted')).getRows()[0]?.[0]);
    } finally {
      conn.closeSync();
      duckdb.closeSync();
    }
  }
});
