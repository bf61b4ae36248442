import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TableStore } from '../../../layers/pipeline/index.js';
import {
  bronzeEvents,
  CommitConflictError,
  maintainTables,
  PipelineError,
  pipelineTables,
  promoteSilver,
  silverTrades,
  type TableDef,
  writeBronze,
} from '../../../layers/pipeline/index.js';
import { type GeneratedFeed, generateFeed, toRecords } from './feeds.js';
import { memoryPipeline } from './memoryPipeline.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

for (const kind of ['memory', 'iceberg'] as const)
  describe(`snapshot expiry on the ${kind} table store`, () => {
    let ctx: Awaited<ReturnType<typeof memoryPipeline>>;
    let feed: GeneratedFeed;

    before(async () => {
      ctx = await memoryPipeline(kind);
      feed = generateFeed({
        seed: 11,
        products: ['BTC-USD', 'ETH-USD'],
        tradesPerProduct: 60,
        startUs: 1_700_000_000_000_000n,
        spanUs: 3_600_000_000n,
      });
    });
    after(() => ctx.close());

    it("expires old snapshots but keeps silver's checkpoint in bronze and what follows it", async () => {
      const records = toRecords(feed.frames, 'coinbase.raw', 2);
      const quarter = Math.floor(records.length / 4);
      const slices = [0, 1, 2, 3].map((i) => records.slice(i * quarter, i === 3 ? records.length : (i + 1) * quarter));
      await writeBronze(ctx, slices[0] ?? []);
      await tick();
      const checkpoint = await writeBronze(ctx, slices[1] ?? []);
      await promoteSilver(ctx);
      for (const slice of slices.slice(2)) {
        await tick();
        await writeBronze(ctx, slice);
      }
      await tick();

      const result = await maintainTables(ctx, 0);
      // Bronze: only the snapshot before silver's checkpoint may go.
      assert.equal(result.tables['bronze.coinbase_events']?.expiry.expiredSnapshots, 1);
      // Silver has one snapshot (its head): nothing to expire.
      assert.equal(result.tables['silver.trades']?.expiry.expiredSnapshots, 0);
      if (kind === 'iceberg') assert.ok((result.tables['bronze.coinbase_events']?.expiry.deletedFiles ?? 0) > 0);

      // Silver still reads incrementally from its checkpoint and gets every trade exactly once.
      assert.equal(
        (await ctx.store.head(silverTrades)).properties['lakehouse.bronze.snapshot-id'],
        checkpoint.snapshotId,
      );
      await promoteSilver(ctx);
      await ctx.store.scan(ctx.conn, silverTrades, 'trades_now');
      const [total, distinct] = (
        await ctx.conn.runAndReadAll('select count(*), count(distinct (product_id, trade_id)) from trades_now')
      ).getRows()[0] as [bigint, bigint];
      assert.equal(Number(total), feed.trades.length);
      assert.equal(Number(distinct), feed.trades.length);
      await ctx.store.scan(ctx.conn, bronzeEvents, 'bronze_now');
      const [rows] = (await ctx.conn.runAndReadAll('select count(*) from bronze_now')).getRows()[0] as [bigint];
      assert.equal(Number(rows), feed.frames.length);
    });

    it('keeps everything younger than the retention', async () => {
      const result = await maintainTables(ctx, 3_600_000);
      for (const [table, { expiry }] of Object.entries(result.tables)) assert.equal(expiry.expiredSnapshots, 0, table);
    });

    it('expires down to the head once nothing downstream needs older snapshots', async () => {
      await tick();
      const result = await maintainTables(ctx, 0);
      // Silver has caught up with bronze's head: of the checkpoint and the two after it, only the head stays.
      assert.equal(result.tables['bronze.coinbase_events']?.expiry.expiredSnapshots, 2);
      assert.equal(result.tables['silver.trades']?.expiry.expiredSnapshots, 1);
    });

    it('compacts many small bronze files into one, and silver still reads each new trade once', async () => {
      const more = generateFeed({
        seed: 12,
        products: ['SOL-USD'],
        tradesPerProduct: 120,
        startUs: 1_700_000_000_000_000n,
        spanUs: 3_600_000_000n,
      });
      const records = toRecords(more.frames, 'coinbase.raw.more', 1);
      const size = Math.ceil(records.length / 12);
      for (let start = 0; start < records.length; start += size)
        await writeBronze(ctx, records.slice(start, start + size));
      const result = await maintainTables(ctx, 3_600_000);
      const compaction = result.tables['bronze.coinbase_events']?.compaction;
      if (kind === 'iceberg') {
        assert.ok((compaction?.rewrittenFiles ?? 0) >= 12, JSON.stringify(compaction));
        assert.equal(compaction?.addedFiles, 1);
      } else assert.deepEqual(compaction, { rewrittenFiles: 0, addedFiles: 0 });
      await ctx.store.scan(ctx.conn, bronzeEvents, 'bronze_after');
      const [rows] = (await ctx.conn.runAndReadAll('select count(*) from bronze_after')).getRows()[0] as [bigint];
      assert.equal(Number(rows), feed.frames.length + more.frames.length);
      const promoted = await promoteSilver(ctx);
      assert.equal(promoted.tradesWritten, more.trades.length);
      await ctx.store.scan(ctx.conn, silverTrades, 'trades_after');
      const [total, distinct] = (
        await ctx.conn.runAndReadAll('select count(*), count(distinct (product_id, trade_id)) from trades_after')
      ).getRows()[0] as [bigint, bigint];
      assert.equal(Number(total), feed.trades.length + more.trades.length);
      assert.equal(Number(distinct), Number(total));
    });
  });

describe('maintenance when a table fails', () => {
  it('still maintains the other tables, then names the failure and says whether a retry helps', async () => {
    const ctx = await memoryPipeline('memory');
    try {
      const maintained: string[] = [];
      const store: TableStore = Object.create(ctx.store, {
        compact: {
          value: async (_conn: unknown, def: TableDef) => {
            if (def === silverTrades) throw new CommitConflictError('silver.trades', '1', '2');
            maintained.push(`${def.namespace}.${def.name}`);
            return { rewrittenFiles: 0, addedFiles: 0 };
          },
        },
      });
      await assert.rejects(maintainTables({ ...ctx, store }, 0), (error: unknown) => {
        assert.ok(error instanceof PipelineError);
        assert.match(
          error.message,
          /maintenance failed for 1 table\(s\): silver\.trades: commit to silver\.trades lost a race/,
        );
        assert.equal(error.retriable, true);
        return true;
      });
      assert.deepEqual(
        maintained,
        pipelineTables.filter((def) => def !== silverTrades).map((def) => `${def.namespace}.${def.name}`),
      );
    } finally {
      await ctx.close();
    }
  });
});
