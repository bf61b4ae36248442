/**
 * Reconciliation against the exchange simulator's REST candles: gold built from the simulator's
 * own trades shows zero differences; a deliberately altered gold candle is reported.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  buildGold,
  loadModelProject,
  opsQualityResults,
  promoteSilver,
  reconcileWithExchange,
  writeBronze,
} from '../../../layers/pipeline/index.js';
import { type RunningSimulator, startSimulator } from '../../../producer/index.js';
import { matchFrame } from '../../../producer/simulator/frames.js';
import type { SimTrade } from '../../../producer/simulator/Market.js';
import { toRecords } from '../../unit/pipeline/feeds.js';
import { memoryPipeline } from '../../unit/pipeline/memoryPipeline.js';

const PRODUCTS = ['BTC-USD', 'ETH-USD'];

describe('reconciliation with the exchange simulator', () => {
  let ctx: Awaited<ReturnType<typeof memoryPipeline>>;
  let sim: RunningSimulator;
  let trades: SimTrade[];
  let nowMs: number;

  before(async () => {
    ctx = await memoryPipeline('memory');
    sim = await startSimulator({ port: 0, products: PRODUCTS, generator: { tradesPerSecond: 0 }, historyTrades: 0 });
    trades = PRODUCTS.flatMap((product) => sim.emitTrades(product, 300));
    const frames = trades.map((trade) => ({
      text: matchFrame(trade),
      receivedAtUs: trade.time_us,
    }));
    await writeBronze(ctx, toRecords(frames, 'coinbase.raw', 2));
    await promoteSilver(ctx);
    await buildGold(ctx, await loadModelProject('sql'));
    const latest = trades.reduce((a, b) => (a.time_us > b.time_us ? a : b));
    // Every trade's minute is closed: now is two minutes past the newest trade.
    nowMs = Number(latest.time_us / 1000n) + 120_000;
  });
  after(async () => {
    await sim.close();
    await ctx.close();
  });

  const reconcile = () =>
    reconcileWithExchange(ctx, {
      restUrl: sim.restUrl,
      products: PRODUCTS,
      minutes: 30,
      settleSeconds: 60,
      nowMs: () => nowMs,
    });

  it('finds zero differences when gold is built from the exchange trades', async () => {
    const results = await reconcile();
    assert.deepEqual(
      results.map((r) => [r.expectation, r.passed, r.observed]),
      PRODUCTS.map((product) => [
        `gold.ohlcv_1m equals the exchange's own 1-minute candles (${product})`,
        true,
        '0 differences over 30 minutes',
      ]),
    );
  });

  it('reports a deliberately altered candle, with both values', async () => {
    await ctx.conn.run(
      `update "__lakehouse_gold__ohlcv_1m" set volume = volume + 0.0000000001
       where product_id = 'ETH-USD' and bucket_start = (select min(bucket_start) from "__lakehouse_gold__ohlcv_1m" where product_id = 'ETH-USD')`,
    );
    const results = await reconcile();
    const eth = results.find((r) => r.expectation.endsWith('(ETH-USD)'));
    assert.equal(eth?.passed, false);
    assert.equal(eth?.observed, '1 difference over 30 minutes');
    const [difference] = JSON.parse(eth?.sample ?? '[]') as { kind: string; fields: { field: string }[] }[];
    assert.equal(difference?.kind, 'different');
    assert.deepEqual(
      difference?.fields.map((f) => f.field),
      ['volume'],
    );
    assert.equal(results.find((r) => r.expectation.endsWith('(BTC-USD)'))?.passed, true);
    await ctx.store.scan(ctx.conn, opsQualityResults, 'recorded');
    const recorded = await ctx.conn.runAndReadAll(
      `select count(*), count(*) filter (where not passed) from recorded where scope = 'reconciliation'`,
    );
    assert.deepEqual(recorded.getRows()[0]?.map(Number), [4, 1]);
  });

  it('records an exchange it cannot reach as a failed check', async () => {
    const [result] = await reconcileWithExchange(ctx, {
      restUrl: sim.restUrl,
      products: ['NOPE-USD'],
      minutes: 5,
      settleSeconds: 60,
      nowMs: () => nowMs,
    });
    assert.equal(result?.passed, false);
    assert.match(result?.observed ?? '', /^not evaluated: GET \/products\/NOPE-USD\/candles: HTTP 404/);
  });

  it('records a fetch that fails at once only after its gold query has finished on the shared connection', async () => {
    // A slow gold read and an instant fetch failure: recording must wait for the read, since a
    // DuckDB connection runs one statement at a time (an appender beside a running query fails).
    let inFlight = 0;
    const overlaps: string[] = [];
    const conn = new Proxy(ctx.conn, {
      get(target, name, receiver) {
        const member = Reflect.get(target, name, receiver);
        if (typeof member !== 'function') return member;
        return async (...args: unknown[]) => {
          if (inFlight > 0) overlaps.push(String(name));
          inFlight += 1;
          try {
            if (name === 'runAndReadAll') await new Promise((resolve) => setTimeout(resolve, 50));
            return await member.apply(target, args);
          } finally {
            inFlight -= 1;
          }
        };
      },
    });
    const [result] = await reconcileWithExchange(
      { ...ctx, conn },
      {
        restUrl: sim.restUrl,
        products: ['BTC-USD'],
        minutes: 30,
        settleSeconds: 60,
        nowMs: () => nowMs,
        fetch: () => Promise.reject(new Error('connect ECONNREFUSED')),
      },
    );
    assert.equal(result?.observed, 'not evaluated: connect ECONNREFUSED');
    assert.deepEqual(overlaps, []);
  });
});
