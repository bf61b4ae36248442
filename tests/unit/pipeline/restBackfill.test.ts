/**
 * Trades recovered from Coinbase REST (the producer's backfill_trade frames) go through the same
 * bronze -> silver -> gold path; here with a real REST capture (BTC-EUR, 2020) and the same trades
 * delivered again as WebSocket matches, so silver must keep one row per trade.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { backfillTradeFrame, type RestTrade } from '../../../layers/coinbase/index.js';
import {
  buildGold,
  goldOhlcv1m,
  loadModelProject,
  promoteSilver,
  silverTrades,
  writeBronze,
} from '../../../layers/pipeline/index.js';
import { COINBASE_FIXTURES } from '../../helpers/fixtures.js';
import { matchFrame, toRecords } from './feeds.js';
import { memoryPipeline } from './memoryPipeline.js';
import { readGold } from './readGold.js';
import { candles, type RefTrade } from './referenceGold.js';

const CAPTURE = path.join(COINBASE_FIXTURES, 'rest', 'bennycode', 'BTC-EUR__trades__GET-200.json');

describe('REST backfill frames', () => {
  it('become silver trades and exact candles, deduplicated against the same trades from the feed', async () => {
    const rest = JSON.parse(readFileSync(CAPTURE, 'utf8')) as RestTrade[];
    const trades: RefTrade[] = rest.map((trade) => ({
      product_id: 'BTC-EUR',
      trade_id: BigInt(trade.trade_id),
      price: trade.price,
      size: trade.size,
      // REST reports the maker side, like the feed's match.
      taker_side: trade.side === 'buy' ? 'sell' : 'buy',
      exchange_time_us: BigInt(Date.parse(trade.time)) * 1000n,
    }));
    const frames = [
      ...rest.map((trade) => backfillTradeFrame('BTC-EUR', trade)),
      ...trades.slice(0, 20).map((trade) => matchFrame(trade)),
    ].map((text) => ({ text, receivedAtUs: 1_581_924_300_000_000n }));
    const ctx = await memoryPipeline();
    try {
      await writeBronze(ctx, toRecords(frames, 'coinbase.raw', 2));
      const silver = await promoteSilver(ctx);
      assert.equal(silver.tradesWritten, rest.length);
      assert.equal(silver.duplicates, 20);
      await buildGold(ctx, await loadModelProject('sql'));
      await ctx.store.scan(ctx.conn, goldOhlcv1m, 'gold_ohlcv_1m');
      const gold = await readGold(ctx.conn, (table) => `gold_${table}`, ['ohlcv_1m']);
      assert.deepEqual(gold.ohlcv1m, candles(trades, 60_000_000n));
      // The first delivered copy of a trade wins: here the backfill frames (lower offsets).
      await ctx.store.scan(ctx.conn, silverTrades, 'silver');
      const sides = await ctx.conn.runAndReadAll(
        "select count(*) from silver where event_type = 'backfill_trade' and maker_side <> taker_side",
      );
      assert.equal(Number(sides.getRows()[0]?.[0]), rest.length);
    } finally {
      await ctx.close();
    }
  });
});
