/**
 * gold.latest_prices reads whole minutes from gold.ohlcv_1m and silver trades only at the edges of
 * its windows: over a feed longer than its 24 h window, delivered in batches, and with trades placed
 * exactly on the window boundaries, it must equal the reference computed from every trade.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  buildGold,
  goldLatestPrices,
  loadModelProject,
  type ModelProject,
  promoteSilver,
  silverTrades,
  writeBronze,
} from '../../../layers/pipeline/index.js';
import { type FeedFrame, generateFeed, matchFrame, toRecords } from './feeds.js';
import { memoryPipeline } from './memoryPipeline.js';
import { readGold } from './readGold.js';
import { latestPrices, type RefTrade } from './referenceGold.js';

const HOUR_US = 3_600_000_000n;
const MINUTE_US = 60_000_000n;

/** Trades after the feed, on the boundaries of the windows that end at the last of them. */
function boundaryFrames(product: string, firstId: bigint, lastUs: bigint): FeedFrame[] {
  const at = [
    lastUs - 24n * HOUR_US, // excluded: the window is (last - 24 h, last]
    lastUs - 24n * HOUR_US + 1n,
    lastUs - HOUR_US,
    lastUs - HOUR_US + 1n,
    lastUs - MINUTE_US,
    lastUs - MINUTE_US + 1n,
    lastUs + 5n * 1_000_000n, // later than the last trade, but a lower trade id: outside every window
    lastUs,
  ];
  return at.map((exchangeUs, i) => {
    const trade: RefTrade = {
      product_id: product,
      trade_id: firstId + BigInt(i),
      price: `${100 + i}.${i}5`,
      size: `0.${i + 1}`,
      taker_side: i % 2 === 0 ? 'buy' : 'sell',
      exchange_time_us: exchangeUs,
    };
    return { text: matchFrame(trade), receivedAtUs: lastUs + 10_000_000n };
  });
}

describe('gold.latest_prices over more than its 24 h window', () => {
  let ctx: Awaited<ReturnType<typeof memoryPipeline>>;
  let project: ModelProject;

  before(async () => {
    ctx = await memoryPipeline('memory');
    project = await loadModelProject('sql');
  });
  after(() => ctx.close());

  async function expectReference(): Promise<void> {
    await ctx.store.scan(ctx.conn, silverTrades, 'all_trades');
    const trades = (
      await ctx.conn.runAndReadAll(
        'select product_id, trade_id, price::VARCHAR, size::VARCHAR, taker_side, epoch_us(exchange_time) from all_trades',
      )
    )
      .getRows()
      .map(
        (row): RefTrade => ({
          product_id: row[0] as string,
          trade_id: row[1] as bigint,
          price: row[2] as string,
          size: row[3] as string,
          taker_side: row[4] as 'buy' | 'sell',
          exchange_time_us: row[5] as bigint,
        }),
      );
    await ctx.store.scan(ctx.conn, goldLatestPrices, 'latest_now');
    const gold = await readGold(ctx.conn, () => 'latest_now', ['latest_prices']);
    assert.deepEqual(gold.latest, latestPrices(trades));
  }

  it('equals the reference after every batch of a 50-hour feed', async () => {
    const startUs = 1_700_000_000_000_000n;
    const feed = generateFeed({
      seed: 23,
      products: ['BTC-USD', 'ETH-USD'],
      tradesPerProduct: 900,
      startUs,
      spanUs: 50n * HOUR_US,
    });
    const frames = [...feed.frames].sort((a, b) => (a.receivedAtUs < b.receivedAtUs ? -1 : 1));
    const lastBtc = feed.trades.filter((t) => t.product_id === 'BTC-USD').at(-1) as RefTrade;
    // Minute-aligned, after the feed: the boundaries fall exactly on minute starts as well.
    const boundaryUs = ((lastBtc.exchange_time_us + HOUR_US) / MINUTE_US) * MINUTE_US;
    const boundaries = boundaryFrames('BTC-USD', lastBtc.trade_id + 10n, boundaryUs);
    const records = toRecords([...frames, ...boundaries], 'coinbase.raw', 2);
    const batches = 6;
    const size = Math.ceil((records.length - boundaries.length) / batches);
    for (let i = 0; i < batches; i += 1) {
      await writeBronze(ctx, records.slice(i * size, Math.min((i + 1) * size, records.length - boundaries.length)));
      await promoteSilver(ctx);
      await buildGold(ctx, project);
      await expectReference();
    }
    await writeBronze(ctx, records.slice(records.length - boundaries.length));
    await promoteSilver(ctx);
    const result = await buildGold(ctx, project);
    assert.ok(result.models.some((run) => run.model === 'latest_prices' && run.rowsWritten === 1));
    await expectReference();
  });
});
