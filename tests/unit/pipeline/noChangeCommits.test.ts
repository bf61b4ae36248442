/**
 * Commits that do not rewrite the world: a silver or gold run with nothing new makes no snapshot;
 * once a step's checkpoint lags a quarter of the snapshot bound behind its input it records it
 * (with no rows), so the input's history can be expired.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  buildGold,
  loadModelProject,
  type ModelProject,
  PROP_BRONZE_SNAPSHOT,
  PROP_SILVER_SNAPSHOT,
  pipelineTables,
  promoteSilver,
  qualifiedName,
  silverTrades,
  writeBronze,
} from '../../../layers/pipeline/index.js';
import { type FeedFrame, generateFeed, matchFrame, toRecords } from './feeds.js';
import { memoryPipeline } from './memoryPipeline.js';

for (const kind of ['memory', 'iceberg'] as const)
  describe(`no-change runs on the ${kind} table store`, () => {
    let ctx: Awaited<ReturnType<typeof memoryPipeline>>;
    let project: ModelProject;
    let quiet: ReturnType<typeof toRecords>;

    const heads = async () =>
      Object.fromEntries(
        await Promise.all(
          pipelineTables.map(async (def) => [qualifiedName(def), (await ctx.store.head(def)).snapshotId] as const),
        ),
      );

    before(async () => {
      ctx = await memoryPipeline(kind);
      project = await loadModelProject('sql');
      const feed = generateFeed({
        seed: 5,
        products: ['BTC-USD', 'ETH-USD'],
        tradesPerProduct: 80,
        startUs: 1_700_000_000_000_000n,
        spanUs: 3_600_000_000n,
      });
      // After the trades: heartbeats only, then the same trades again (a producer replay).
      const heartbeat = (i: number): FeedFrame => ({
        text: JSON.stringify({ type: 'heartbeat', product_id: 'BTC-USD', sequence: i, last_trade_id: 1 }),
        receivedAtUs: 1_700_000_000_000_000n + 3_700_000_000n + BigInt(i),
      });
      const heartbeats = Array.from({ length: 30 }, (_, i) => heartbeat(i));
      const replayed = feed.trades.map((trade) => ({ text: matchFrame(trade), receivedAtUs: trade.exchange_time_us }));
      const records = toRecords([...feed.frames, ...heartbeats, ...replayed], 'coinbase.raw', 2);
      const first = feed.frames.length;
      await writeBronze(ctx, records.slice(0, first));
      await promoteSilver(ctx);
      await buildGold(ctx, project);
      quiet = records.slice(first);
    });
    after(() => ctx.close());

    it('makes no silver or gold snapshot for bronze commits that hold no new trade', async () => {
      const before = await heads();
      // Three bronze commits: heartbeats, then the trades again (duplicates of silver's rows).
      const heartbeats = quiet.slice(0, 30);
      await writeBronze(ctx, heartbeats.slice(0, 15));
      await writeBronze(ctx, heartbeats.slice(15));
      await writeBronze(ctx, quiet.slice(30));
      const silver = await promoteSilver(ctx);
      assert.equal(silver.snapshotId, undefined);
      assert.equal(silver.tradesWritten, 0);
      assert.ok(silver.duplicates > 0);
      const gold = await buildGold(ctx, project);
      assert.deepEqual(gold.models, []);
      const after = await heads();
      for (const [table, id] of Object.entries(after)) {
        if (table === 'bronze.coinbase_events') assert.notEqual(id, before[table]);
        else assert.equal(id, before[table], `${table} got a snapshot`);
      }
    });

    it('records the checkpoint, with no rows, once it lags a quarter of the snapshot bound', async () => {
      // A bound of 8 snapshots: a lag of 2 commits is due.
      const bounded = { ...ctx, history: { retentionMs: 3_600_000, maxSnapshots: 8 } };
      const before = await heads();
      const silver = await promoteSilver(bounded);
      assert.ok(silver.snapshotId !== undefined);
      assert.equal(silver.tradesWritten, 0);
      const silverHead = await ctx.store.head(silverTrades);
      assert.equal(silverHead.properties[PROP_BRONZE_SNAPSHOT], (await heads())['bronze.coinbase_events']);
      // Gold's checkpoint is one silver commit behind: not due with this bound (2), nothing committed.
      assert.deepEqual((await buildGold(bounded, project)).models, []);
      const tighter = { ...ctx, history: { retentionMs: 3_600_000, maxSnapshots: 4 } };
      const gold = await buildGold(tighter, project);
      assert.equal(gold.models.length, project.models.length);
      for (const run of gold.models) assert.equal(run.rowsWritten, 0, run.model);
      for (const model of project.models) {
        const head = await ctx.store.head(model.table);
        assert.equal(head.properties[PROP_SILVER_SNAPSHOT], silverHead.snapshotId, model.name);
        assert.notEqual(head.snapshotId, before[qualifiedName(model.table)], model.name);
      }
    });
  });
