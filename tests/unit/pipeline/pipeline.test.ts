import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  buildGold,
  loadModelProject,
  type ModelProject,
  pipelineTables,
  promoteSilver,
  writeBronze,
} from '../../../layers/pipeline/index.js';
import { type GeneratedFeed, generateFeed, matchFrame, toRecords } from './feeds.js';
import { memoryPipeline } from './memoryPipeline.js';
import { readGold } from './readGold.js';
import { candles, dailyMetrics, latestPrices, type RefTrade } from './referenceGold.js';

const TOPIC = 'coinbase.raw';

for (const kind of ['memory', 'iceberg'] as const)
  describe(`pipeline on the ${kind} table store`, () => {
    let ctx: Awaited<ReturnType<typeof memoryPipeline>>;
    let project: ModelProject;
    let feed: GeneratedFeed;
    let firstSilverSnapshot: string | undefined;
    let lateTrades: readonly RefTrade[] = [];

    before(async () => {
      ctx = await memoryPipeline(kind);
      project = await loadModelProject('sql');
      feed = generateFeed({
        seed: 7,
        products: ['BTC-USD', 'ETH-USD', 'DOGE-USD'],
        tradesPerProduct: 400,
        startUs: 1_618_677_000_000_000n,
        spanUs: 3n * 3_600_000_000n,
      });
    });
    after(() => ctx.close());

    const count = async (table: string) => {
      const def = pipelineTables.find((t) => `${t.namespace}.${t.name}` === table);
      assert.ok(def);
      await ctx.store.scan(ctx.conn, def, 'counted');
      return Number((await ctx.conn.runAndReadAll('select count(*) from counted')).getRows()[0]?.[0]);
    };

    it('writes every frame to bronze exactly once, even when batches are redelivered', async () => {
      const records = toRecords(feed.frames, TOPIC, 4);
      const half = Math.floor(records.length / 2);
      const first = await writeBronze(ctx, records.slice(0, half));
      assert.equal(first.written, half);
      const again = await writeBronze(ctx, records.slice(0, half));
      assert.equal(again.written, 0);
      assert.equal(again.skipped, half);
      const rest = await writeBronze(ctx, records.slice(half - 10));
      assert.equal(rest.written, records.length - half);
      assert.equal(await count('bronze.coinbase_events'), feed.frames.length);
    });

    it('promotes the distinct valid trades to silver and every malformed frame to the rejects', async () => {
      const result = await promoteSilver(ctx);
      assert.equal(result.tradesWritten, feed.trades.length);
      firstSilverSnapshot = result.snapshotId;
      assert.equal(await count('silver.trades'), feed.trades.length);
      assert.equal(await count('silver.trades_rejected'), feed.malformed);
      const again = await promoteSilver(ctx);
      assert.equal(again.snapshotId, undefined);
      assert.equal(await count('silver.trades'), feed.trades.length);
    });

    it('builds every gold model equal to an independent computation from the trades', async () => {
      await buildGold(ctx, project);
      await assertGoldMatches(feed.trades);
      const rerun = await buildGold(ctx, project);
      assert.equal(rerun.models.length, 0);
    });

    it('corrects candles when late and duplicate trades arrive', async () => {
      const late: RefTrade[] = feed.trades
        .filter((t) => t.product_id === 'ETH-USD')
        .slice(10, 13)
        .map((t, i) => ({ ...t, trade_id: 900_000n + BigInt(i), price: '1.0000000001', size: '0.5' }));
      const extra = [...late.map((t) => matchFrame(t)), matchFrame(feed.trades[5] as RefTrade)];
      const records = toRecords(
        extra.map((text) => ({ text, receivedAtUs: 1_618_700_000_000_000n })),
        TOPIC,
        1,
      ).map((record) => ({ ...record, partition: 9 }));
      await writeBronze(ctx, records);
      await promoteSilver(ctx);
      const built = await buildGold(ctx, project);
      assert.ok(built.models.length > 0);
      const all = [
        ...feed.trades,
        ...late.map((t) => ({ ...t, ingest_latency_ms: (1_618_700_000_000_000n - t.exchange_time_us) / 1000n })),
      ];
      await assertGoldMatches(all);
      lateTrades = all;
    });

    it('leaves gold alone when another instance already built it from newer silver', async () => {
      const silverDef = pipelineTables.find((t) => t.namespace === 'silver' && t.name === 'trades');
      assert.ok(firstSilverSnapshot !== undefined && silverDef);
      // A run that read silver's head before the late trades landed: its snapshot is older than gold's watermark.
      const staleStore = new Proxy(ctx.store, {
        get(target, property, receiver) {
          if (property !== 'head') return Reflect.get(target, property, receiver).bind(target);
          return async (def: typeof silverDef) =>
            def === silverDef ? { snapshotId: firstSilverSnapshot, properties: {} } : target.head(def);
        },
      });
      const stale = await buildGold({ ...ctx, store: staleStore }, project);
      assert.deepEqual(stale.models, []);
      await assertGoldMatches(lateTrades);
    });

    async function assertGoldMatches(trades: readonly RefTrade[]): Promise<void> {
      for (const def of pipelineTables.filter((t) => t.namespace === 'gold')) {
        await ctx.store.scan(ctx.conn, def, `gold_${def.name}`);
      }
      const gold = await readGold(ctx.conn, (table) => `gold_${table}`);
      assert.ok(gold.ohlcv1m.length > 100 && gold.latest.length === 3);
      assert.deepEqual(gold.ohlcv1m, candles(trades, 60_000_000n));
      assert.deepEqual(gold.ohlcv1h, candles(trades, 3_600_000_000n));
      const daily = dailyMetrics(trades);
      assert.equal(gold.daily.length, daily.length);
      for (const [index, expected] of daily.entries()) {
        const actual = gold.daily[index];
        assert.ok(actual);
        const { first_trade_id: _first, last_trade_id: _last, ...candle } = expected.candle;
        assert.deepEqual(actual.candle, candle);
        assert.equal(actual.latency_p50_ms, expected.latency_p50_ms);
        assert.equal(actual.latency_p95_ms, expected.latency_p95_ms);
        assert.ok(Math.abs(actual.max_drawdown - expected.max_drawdown) < 1e-12);
        assert.ok(
          expected.realized_volatility === null
            ? actual.realized_volatility === null
            : Math.abs((actual.realized_volatility ?? 0) - expected.realized_volatility) <
                1e-9 * expected.realized_volatility + 1e-15,
        );
      }
      assert.deepEqual(gold.latest, latestPrices(trades));
    }
  });
