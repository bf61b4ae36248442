import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Config, loadConfig } from '../../../layers/config/index.js';
import { openDuckDB } from '../../../layers/engine/index.js';
import { openTableStore, pipelineTables } from '../../../layers/pipeline/index.js';
import { replayFile } from '../../../local/lambda-kafka/replay.js';
import { COINBASE_FIXTURES } from '../../helpers/fixtures.js';
import { type FeedFrame, generateFeed } from '../../unit/pipeline/feeds.js';
import { readGold } from '../../unit/pipeline/readGold.js';
import { candles, dailyMetrics, latestPrices, type RefTrade } from '../../unit/pipeline/referenceGold.js';

const FIXTURE = path.join(COINBASE_FIXTURES, 'exchange-ws', 'matches_ticker_lastmatch_2021-04-17_with_recv_ts.ndjson');

/** The distinct trades of a capture, read with plain JSON.parse (independent of the pipeline's parser). */
function fixtureTrades(file: string): RefTrade[] {
  const trades = new Map<string, RefTrade>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const { recv_ts, raw } = JSON.parse(line) as { recv_ts: number; raw: string };
    const frame = JSON.parse(raw) as Record<string, string | number>;
    if (frame.type !== 'match' && frame.type !== 'last_match') continue;
    const time = String(frame.time);
    const micros = BigInt(Date.parse(`${time.slice(0, 19)}Z`)) * 1000n + BigInt(time.slice(20, 26));
    const key = `${frame.product_id}|${frame.trade_id}`;
    if (trades.has(key)) continue;
    trades.set(key, {
      product_id: String(frame.product_id),
      trade_id: BigInt(frame.trade_id as number),
      price: String(frame.price),
      size: String(frame.size),
      taker_side: frame.side === 'buy' ? 'sell' : 'buy',
      exchange_time_us: micros,
      ingest_latency_ms: (BigInt(Math.round(recv_ts * 1e6)) - micros) / 1000n,
    });
  }
  return [...trades.values()];
}

describe('lakehouse replay: Kafka -> bronze -> silver -> gold on Iceberg', () => {
  let home: string;
  let config: Config;
  let lastProblems: string[] = [];
  const why = () => lastProblems.join('\n');

  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'replay-'));
    config = loadConfig({ LAKEHOUSE_HOME: home, BROKER_DEFAULT_PARTITIONS: '3' });
  });
  after(() => rm(home, { recursive: true, force: true }));

  /** Replays a file; failures the trigger or the commit events reported fail the test with their text. */
  async function replay(file: string) {
    const problems: string[] = [];
    const result = await replayFile({
      file,
      speed: 'max',
      config,
      pipeline: config.pipeline,
      batchSize: 200,
      onProgress: (line) => {
        if (!line.includes('frames sent')) problems.push(line);
      },
    });
    // Retried failures are allowed (the trigger retries them); the counts below say whether anything was lost.
    lastProblems = problems;
    assert.equal(result.deadLettered, 0, problems.join('\n'));
    return result;
  }

  async function goldMatches(trades: readonly RefTrade[]): Promise<void> {
    const duckdb = await openDuckDB();
    const conn = await duckdb.connect();
    const store = await openTableStore(config);
    try {
      for (const def of pipelineTables.filter((t) => t.namespace === 'gold'))
        await store.scan(conn, def, `g_${def.name}`);
      const gold = await readGold(conn, (table) => `g_${table}`);
      assert.deepEqual(gold.ohlcv1m, candles(trades, 60_000_000n));
      assert.deepEqual(gold.ohlcv1h, candles(trades, 3_600_000_000n));
      assert.deepEqual(gold.latest, latestPrices(trades));
      const daily = dailyMetrics(trades);
      assert.deepEqual(
        gold.daily.map((d) => [d.candle.product_id, d.candle.close, d.latency_p50_ms, d.latency_p95_ms]),
        daily.map((d) => [d.product_id, d.candle.close, d.latency_p50_ms, d.latency_p95_ms]),
      );
    } finally {
      await store.close();
      conn.closeSync();
      duckdb.closeSync();
    }
  }

  it('turns the 2021 capture into one bronze row per frame, its distinct trades, and exact candles', async () => {
    const result = await replay(FIXTURE);
    const trades = fixtureTrades(FIXTURE);
    assert.equal(result.frames, 217);
    assert.equal(result.counts['bronze.coinbase_events'], 217, why());
    assert.equal(result.counts['silver.trades'], trades.length, why());
    assert.equal(result.counts['silver.trades_rejected'], 0, why());
    await goldMatches(trades);
  });

  it('keeps silver and gold exact through duplicates, reordering, malformed frames and a second replay', async () => {
    const feed = generateFeed({
      seed: 11,
      products: ['BTC-USD', 'ETH-USD'],
      tradesPerProduct: 400,
      startUs: 1_700_000_000_000_000n,
      spanUs: 2n * 3_600_000_000n,
    });
    const file = path.join(home, 'generated.ndjson');
    const line = (frame: FeedFrame) => JSON.stringify({ recv_ts: Number(frame.receivedAtUs) / 1e6, raw: frame.text });
    await writeFile(file, `${feed.frames.map(line).join('\n')}\n`);
    const first = await replay(file);
    const fixture = fixtureTrades(FIXTURE);
    assert.equal(first.counts['bronze.coinbase_events'], 217 + feed.frames.length, why());
    assert.equal(first.counts['silver.trades'], fixture.length + feed.trades.length, why());
    assert.equal(first.counts['silver.trades_rejected'], feed.malformed, why());
    const second = await replay(file);
    assert.equal(second.counts['bronze.coinbase_events'], 217 + 2 * feed.frames.length, why());
    assert.equal(second.counts['silver.trades'], fixture.length + feed.trades.length, why());
    // Rejects are deduplicated on their frame, as trades are: the replayed malformed frames add none.
    assert.equal(second.counts['silver.trades_rejected'], feed.malformed, why());
    await goldMatches([...fixture, ...feed.trades]);
  });
});
