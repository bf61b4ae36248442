/**
 * The simulator trades like the real feed: sizes follow each product's price (the same spread of
 * trade values for BTC and DOGE, several orders of magnitude wide), quantised to the product's base
 * increment; prices move by small steps on the quote increment. The ranges are those of real Coinbase
 * captures: BTC sizes mostly 0.0001-0.5, DOGE sizes in the hundreds to thousands, a median trade
 * value of tens to hundreds of dollars (tests/fixtures/coinbase holds captures with that shape).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Market, type SimTrade } from '../../../producer/simulator/Market.js';
import { seededRandom } from '../../../producer/simulator/random.js';

const PRODUCTS = ['BTC-USD', 'ETH-USD', 'SOL-USD', 'DOGE-USD'];
const TRADES = 4000;

function tradesOf(seed: number): Map<string, SimTrade[]> {
  const market = new Market(PRODUCTS, seededRandom(seed), TRADES);
  return new Map(PRODUCTS.map((id) => [id, Array.from({ length: TRADES }, () => market.trade(id))]));
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

const decimals = (text: string) => text.split('.')[1]?.length ?? 0;

describe('simulator trade distributions', () => {
  const byProduct = tradesOf(7);
  const sizes = (id: string) => (byProduct.get(id) ?? []).map((trade) => Number(trade.size));
  const notionals = (id: string) => (byProduct.get(id) ?? []).map((trade) => Number(trade.size) * Number(trade.price));

  it('BTC sizes are mostly 0.0001-0.5 BTC, with a long tail both ways', () => {
    const btc = sizes('BTC-USD');
    const inRange = btc.filter((size) => size >= 0.0001 && size <= 0.5).length / btc.length;
    assert.ok(inRange >= 0.85, `only ${(inRange * 100).toFixed(1)}% of BTC sizes in 0.0001-0.5`);
    assert.ok(quantile(btc, 0.5) > 0.0003 && quantile(btc, 0.5) < 0.02, `BTC median size ${quantile(btc, 0.5)}`);
    assert.ok(quantile(btc, 0.99) / quantile(btc, 0.01) > 1000, 'BTC sizes span at least three orders of magnitude');
  });

  it('DOGE sizes are in the hundreds to thousands', () => {
    const doge = sizes('DOGE-USD');
    const median = quantile(doge, 0.5);
    assert.ok(median >= 200 && median <= 5000, `DOGE median size ${median}`);
    assert.ok(quantile(doge, 0.9) >= 1000, `DOGE 90th percentile ${quantile(doge, 0.9)}`);
  });

  it('every product has the same shape of trade value, whatever its price', () => {
    const medians = PRODUCTS.map((id) => quantile(notionals(id), 0.5));
    for (const [index, median] of medians.entries()) {
      assert.ok(median >= 20 && median <= 1000, `${PRODUCTS[index]} median trade value ${median}`);
    }
    assert.ok(Math.max(...medians) / Math.min(...medians) < 3, `median trade values ${medians.join(', ')}`);
  });

  it('sizes and prices are written with the product increments, and prices move in small steps', () => {
    const sizeDecimals: Record<string, number> = { 'BTC-USD': 8, 'ETH-USD': 8, 'SOL-USD': 3, 'DOGE-USD': 1 };
    const priceDecimals: Record<string, number> = { 'BTC-USD': 2, 'ETH-USD': 2, 'SOL-USD': 2, 'DOGE-USD': 5 };
    for (const id of PRODUCTS) {
      const trades = byProduct.get(id) ?? [];
      assert.ok(
        trades.every((trade) => decimals(trade.size) === sizeDecimals[id] && Number(trade.size) > 0),
        `${id} sizes`,
      );
      assert.ok(
        trades.every((trade) => decimals(trade.price) === priceDecimals[id]),
        `${id} prices`,
      );
      const moves = trades.slice(1).map((trade, i) => Math.abs(Number(trade.price) / Number(trades[i]?.price) - 1));
      assert.ok(
        quantile(moves, 0.99) < 0.001,
        `${id}: 99th percentile of per-trade price moves ${quantile(moves, 0.99)}`,
      );
      assert.ok(new Set(trades.map((trade) => trade.price)).size > 10, `${id}: the price moves`);
      const first = Number(trades[0]?.price);
      const last = Number(trades[trades.length - 1]?.price);
      assert.ok(Math.abs(last / first - 1) < 0.1, `${id} drifted from ${first} to ${last}`);
    }
  });

  it('is reproducible from its seed', () => {
    const again = tradesOf(7);
    for (const id of PRODUCTS) {
      assert.deepEqual(
        (again.get(id) ?? []).map((trade) => [trade.price, trade.size]),
        (byProduct.get(id) ?? []).map((trade) => [trade.price, trade.size]),
      );
    }
  });
});
