import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs } from '../../../producer/backoff.js';
import { buildCandles, candlesJson } from '../../../producer/simulator/candles.js';
import { addDecimals } from '../../../producer/simulator/decimal.js';
import { FaultPlan } from '../../../producer/simulator/faults.js';
import { Market, type SimTrade } from '../../../producer/simulator/Market.js';
import { seededRandom } from '../../../producer/simulator/random.js';

const trade = (trade_id: number, price: string, size: string, seconds: number): SimTrade => ({
  product_id: 'BTC-USD',
  trade_id,
  price,
  size,
  side: 'buy',
  time: '',
  time_us: BigInt(seconds) * 1_000_000n + 5n,
  sequence: trade_id,
  maker_order_id: '',
  taker_order_id: '',
});

describe('simulator candles', () => {
  it('builds Coinbase candles: open = lowest trade_id, close = highest, exact volume, newest first', () => {
    // Trades arrive out of trade_id order within the first minute: open/close follow trade_id, not arrival.
    const trades = [
      trade(3, '101.5', '0.1', 60),
      trade(1, '100', '0.2', 61),
      trade(2, '99.25', '0.3', 119),
      trade(4, '102', '1.00000001', 120),
    ];
    const candles = buildCandles(trades, 60);
    assert.deepEqual(candles, [
      { time: 120, low: '102', high: '102', open: '102', close: '102', volume: '1.00000001' },
      { time: 60, low: '99.25', high: '101.5', open: '100', close: '101.5', volume: '0.6' },
    ]);
    assert.equal(candlesJson(candles), '[[120,102,102,102,102,1.00000001],[60,99.25,101.5,100,101.5,0.6]]');
  });

  it('adds decimals exactly', () => {
    assert.equal(addDecimals('0.1', '0.2'), '0.3');
    assert.equal(addDecimals('99999999.99999999', '0.00000001'), '100000000.00000000');
  });
});

describe('simulator market REST paging', () => {
  it('pages newest first with after (older) and before (newer) cursors, hiding ids on request', () => {
    const market = new Market(['BTC-USD'], seededRandom(1), 1000);
    const made = Array.from({ length: 10 }, () => market.trade('BTC-USD').trade_id);
    const last = made[9] as number;
    assert.deepEqual(
      market.tradesPage('BTC-USD', { limit: 3 }).map((t) => t.trade_id),
      [last, last - 1, last - 2],
    );
    assert.deepEqual(
      market.tradesPage('BTC-USD', { limit: 3, after: last - 2 }).map((t) => t.trade_id),
      [last - 3, last - 4, last - 5],
    );
    assert.deepEqual(
      market.tradesPage('BTC-USD', { limit: 2, before: last - 3 }).map((t) => t.trade_id),
      [last - 1, last - 2],
    );
    market.hideFromRest('BTC-USD', last - 4, last - 4);
    assert.deepEqual(
      market.tradesPage('BTC-USD', { limit: 3, after: last - 2 }).map((t) => t.trade_id),
      [last - 3, last - 5],
    );
    for (const price of market.tradesPage('BTC-USD', { limit: 10 }).map((t) => t.price))
      assert.match(price, /^\d+\.\d{2}$/);
  });
});

describe('fault plan', () => {
  it('drops, duplicates, reorders and truncates the next matching frames on command', () => {
    const plan = new FaultPlan({}, seededRandom(1));
    plan.command({ kind: 'drop', count: 1 });
    assert.deepEqual(plan.apply('m1', 'match'), []);
    assert.deepEqual(plan.apply('t1', 'ticker'), ['t1']);
    plan.command({ kind: 'duplicate', count: 1 });
    assert.deepEqual(plan.apply('m2', 'match'), ['m2', 'm2']);
    plan.command({ kind: 'reorder', count: 1 });
    assert.deepEqual(plan.apply('m3', 'match'), []);
    assert.deepEqual(plan.apply('m4', 'match'), ['m4', 'm3']);
    plan.command({ kind: 'malformed', count: 1 });
    assert.deepEqual(plan.apply('{"type":"match"}', 'match'), ['{"type":']);
  });

  it('applies faults by seeded rate', () => {
    const plan = new FaultPlan({ drop: 0.5 }, seededRandom(7));
    const kept = Array.from({ length: 1000 }, (_, i) => plan.apply(String(i), 'match').length).reduce(
      (a, b) => a + b,
      0,
    );
    assert.ok(kept > 400 && kept < 600, `kept ${kept}`);
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter and stays under the cap', () => {
    assert.equal(
      backoffDelayMs(0, 100, 10_000, () => 0),
      50,
    );
    assert.equal(
      backoffDelayMs(3, 100, 10_000, () => 1),
      800,
    );
    assert.equal(
      backoffDelayMs(50, 100, 10_000, () => 1),
      10_000,
    );
  });
});
