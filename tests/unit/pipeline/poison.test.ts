/**
 * Poison inputs never wedge the pipeline: each kind of bad frame gets an explicit decision with a
 * reason, the clean trades around it are promoted and built into gold, later clean batches flow,
 * and replaying the same feed records no reject twice. Then generated product ids, times and
 * strings (fast-check) through bronze and silver: only valid trades reach silver, everything else
 * is a reject, and no run throws.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { checkProductId, formatTimeMicros } from '../../../layers/coinbase/index.js';
import {
  buildGold,
  loadModelProject,
  type ModelProject,
  pipelineTables,
  promoteSilver,
  writeBronze,
} from '../../../layers/pipeline/index.js';
import { type FeedFrame, matchFrame, toRecords } from './feeds.js';
import { memoryPipeline } from './memoryPipeline.js';
import type { RefTrade } from './referenceGold.js';

const START_US = 1_618_677_000_000_000n;
const MINUTE_US = 60_000_000n;

function clean(tradeId: bigint, minute: bigint, product = 'BTC-USD'): RefTrade {
  return {
    product_id: product,
    trade_id: tradeId,
    price: '60000.5',
    size: '0.01',
    taker_side: 'buy',
    exchange_time_us: START_US + minute * MINUTE_US,
  };
}

const frame = (text: string, receivedAtUs: bigint): FeedFrame => ({ text, receivedAtUs });

/** The poison frames, each with a fragment its reject reason must contain. */
function poisonFrames(): { frame: FeedFrame; reason: string }[] {
  const at = START_US + 5n * MINUTE_US;
  const match = (overrides: Record<string, unknown>) =>
    JSON.stringify({ ...JSON.parse(matchFrame(clean(9_000_001n, 5n))), ...overrides });
  return [
    {
      frame: frame(match({ product_id: 'BTC-\u0000USD', trade_id: 9_000_001 }), at),
      reason: 'not a Coinbase product id',
    },
    {
      frame: frame(match({ product_id: 'BTC-\ud800USD', trade_id: 9_000_002 }), at),
      reason: 'not a Coinbase product id',
    },
    {
      frame: frame(match({ trade_id: 9_000_003, time: '9999-12-31T23:59:59.999999Z' }), at),
      reason: 'after its receipt',
    },
    {
      frame: frame(match({ trade_id: 9_000_004, time: '0001-01-01T00:00:00.000000Z' }), at),
      reason: 'placeholder time',
    },
    {
      frame: frame(match({ trade_id: 9_000_007, time: '2021-03-01T00:00:00.000000Z' }), at),
      reason: 'h before its receipt',
    },
    {
      frame: frame(`${match({ trade_id: 9_000_005 }).slice(0, -1)},"price":"1.00"}`, at),
      reason: "Duplicate key 'price'",
    },
    {
      frame: frame(match({ trade_id: 9_000_006, maker_order_id: 'x'.repeat(2 * 1024 * 1024) }), at),
      reason: 'larger than the 1048576-byte limit',
    },
  ];
}

for (const kind of ['memory', 'iceberg'] as const)
  describe(`poison inputs on the ${kind} table store`, () => {
    let ctx: Awaited<ReturnType<typeof memoryPipeline>>;
    let project: ModelProject;
    let offset = 0;
    const topic = 'coinbase.raw';

    before(async () => {
      ctx = await memoryPipeline(kind);
      project = await loadModelProject('sql');
    });
    after(() => ctx.close());

    /** Frames as records after every earlier batch (a replay arrives at new offsets). */
    const records = (frames: readonly FeedFrame[]) => {
      const batch = toRecords(frames, topic, 1).map((record) => ({
        ...record,
        offset: record.offset + BigInt(offset),
      }));
      offset += frames.length;
      return batch;
    };
    const rows = async (table: string, sql: string) => {
      const def = pipelineTables.find((t) => `${t.namespace}.${t.name}` === table);
      assert.ok(def);
      await ctx.store.scan(ctx.conn, def, 'poison_read');
      return (await ctx.conn.runAndReadAll(sql.replace('$table', 'poison_read'))).getRows();
    };

    it('rejects each poison frame with its reason and promotes the clean trades around it', async () => {
      const before = [1n, 2n].map((id) => clean(id, 1n));
      const after = [3n, 4n].map((id) => clean(id, 6n));
      const frames = [
        ...before.map((trade) => frame(matchFrame(trade), trade.exchange_time_us)),
        ...poisonFrames().map((poison) => poison.frame),
        ...after.map((trade) => frame(matchFrame(trade), trade.exchange_time_us)),
      ];
      await writeBronze(ctx, records(frames));
      const silver = await promoteSilver(ctx);
      assert.equal(silver.tradesWritten, 4);
      assert.equal(silver.rejectsWritten, poisonFrames().length);
      const reasons = (await rows('silver.trades_rejected', 'select reason from $table')).map((row) => String(row[0]));
      for (const poison of poisonFrames()) {
        assert.ok(
          reasons.some((reason) => reason.includes(poison.reason)),
          `a reject says "${poison.reason}"; got ${JSON.stringify(reasons)}`,
        );
      }
      const gold = await buildGold(ctx, project);
      assert.ok(gold.models.length > 0, 'gold builds');
      const candles = await rows('gold.ohlcv_1m', 'select count(*), sum(trade_count) from $table');
      assert.deepEqual(candles[0]?.map(Number), [2, 4]);
    });

    it('keeps flowing: a later clean batch reaches silver and gold', async () => {
      const later = [5n, 6n, 7n].map((id) => clean(id, 9n, 'ETH-USD'));
      await writeBronze(ctx, records(later.map((trade) => frame(matchFrame(trade), trade.exchange_time_us))));
      assert.equal((await promoteSilver(ctx)).tradesWritten, 3);
      await buildGold(ctx, project);
      const eth = await rows('gold.ohlcv_1m', "select sum(trade_count) from $table where product_id = 'ETH-USD'");
      assert.equal(Number(eth[0]?.[0]), 3);
    });

    it('records no reject twice when the same feed is replayed at new offsets', async () => {
      await writeBronze(ctx, records(poisonFrames().map((poison) => poison.frame)));
      const again = await promoteSilver(ctx);
      assert.equal(again.rejectsWritten, 0);
      const [total, distinct] = (
        await rows('silver.trades_rejected', 'select count(*), count(distinct (raw, reason, trade_id)) from $table')
      )[0] as [bigint, bigint];
      assert.equal(total, distinct);
      assert.equal(Number(total), poisonFrames().length);
    });

    it('keeps two frames with the same text received at different times as two rejects, once each', async () => {
      const text = matchFrame(clean(9_100_001n, 7n)).slice(0, 40);
      const at = START_US + 7n * MINUTE_US;
      const twins = [frame(text, at), frame(text, at + 1_000n)];
      await writeBronze(ctx, records(twins));
      assert.equal((await promoteSilver(ctx)).rejectsWritten, 2);
      await writeBronze(ctx, records(twins));
      assert.equal((await promoteSilver(ctx)).rejectsWritten, 0);
      const raws = await rows('silver.trades_rejected', 'select raw from $table');
      assert.equal(raws.filter((row) => row[0] === text).length, 2);
    });
  });

describe('generated feeds through bronze and silver', () => {
  let ctx: Awaited<ReturnType<typeof memoryPipeline>>;
  before(async () => {
    ctx = await memoryPipeline('memory');
  });
  after(() => ctx.close());

  it('promotes exactly the valid trades and rejects the rest, whatever the product ids and times', async () => {
    let offset = 0n;
    let tradeId = 1n;
    const productId = fc.oneof(
      fc.constantFrom('BTC-USD', 'DOGE-USD', '1INCH-EUR', 'BTC-PERP-INTX'),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 4 }).map((s) => `BTC-${s}`),
    );
    const skewUs = fc.oneof(
      fc.bigInt({ min: -2_000_000n, max: 2_000_000n }),
      fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(productId, skewUs), { minLength: 1, maxLength: 20 }), async (cases) => {
        const received = START_US;
        const frames = cases.map(([product, skew]) => {
          tradeId += 1n;
          const time = received + skew;
          const text = JSON.stringify({
            type: 'match',
            trade_id: Number(tradeId),
            side: 'sell',
            size: '0.5',
            price: '10.25',
            product_id: product,
            sequence: 1,
            time: time > 0n && time < 253_402_300_800_000_000n ? formatTimeMicros(time) : '0001-01-01T00:00:00Z',
          });
          return {
            text,
            receivedAtUs: received,
            valid: checkProductId(product).ok && skew >= -(168n * 3_600_000_000n) && skew <= 300_000_000n,
          };
        });
        const batch = toRecords(frames, 'generated', 1).map((record) => ({
          ...record,
          offset: record.offset + offset,
        }));
        offset += BigInt(frames.length);
        await writeBronze(ctx, batch);
        const result = await promoteSilver(ctx);
        const validCount = frames.filter((f) => f.valid).length;
        assert.equal(result.tradesWritten, validCount);
        assert.equal(result.tradesWritten + result.rejectsWritten, frames.length);
      }),
      { numRuns: 40, seed: 20261202 },
    );
  });
});
