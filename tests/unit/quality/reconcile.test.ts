import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type Candle,
  canonicalDecimal,
  parseExchangeCandles,
  reconcileCandles,
} from '../../../layers/quality/index.js';

/** A decimal's value as (digits, scale), for an independent equality check. */
function scaled(text: string, scale: number): bigint {
  const [integer = '0', fraction = ''] = text.split('.');
  return BigInt(`${integer}${fraction.padEnd(scale, '0')}`);
}

describe('canonicalDecimal', () => {
  it('gives equal text exactly when two decimals are equal, exponents included', () => {
    const decimal = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
      .map(([digits, scale]) => {
        const text = digits.toString().padStart(scale + 1, '0');
        return scale === 0 ? text : `${text.slice(0, -scale)}.${text.slice(-scale)}`;
      });
    fc.assert(
      fc.property(decimal, decimal, fc.integer({ min: 0, max: 4 }), (a, b, pad) => {
        const padded = a.includes('.') ? `${a}${'0'.repeat(pad)}` : a;
        assert.equal(canonicalDecimal(padded), canonicalDecimal(a));
        assert.equal(canonicalDecimal(a) === canonicalDecimal(b), scaled(a, 40) === scaled(b, 40));
      }),
      { numRuns: 500, seed: 3 },
    );
    assert.equal(canonicalDecimal('1.5e-05'), '0.000015');
    assert.equal(canonicalDecimal('1.20E+3'), '1200');
    assert.equal(canonicalDecimal('000.000'), '0');
    assert.throws(() => canonicalDecimal('0.-10000'), /is not a decimal/);
  });
});

describe('reconcileCandles', () => {
  const candle = (time: number, close = '101.5', volume = '0.25'): Candle => ({
    time,
    open: '100',
    high: '102',
    low: '99.5',
    close,
    volume,
  });

  it('reads the REST answer with the numbers exact', () => {
    const [first] = parseExchangeCandles('[[1618677060, 99.5, 102, 100, 101.50, 0.00001234567891]]');
    assert.deepEqual(first, {
      time: 1618677060,
      low: '99.5',
      high: '102',
      open: '100',
      close: '101.50',
      volume: '0.00001234567891',
    });
  });

  it('finds no difference when the candles agree up to trailing zeros', () => {
    assert.deepEqual(reconcileCandles('BTC-USD', [candle(60, '101.50')], [candle(60, '101.5000000000')]), []);
  });

  it('reports an altered candle, a missing one and an extra one', () => {
    const differences = reconcileCandles(
      'BTC-USD',
      [candle(60), candle(120, '101.5', '0.26'), candle(180)],
      [candle(60), candle(120), candle(240)],
    );
    assert.deepEqual(
      differences.map((d) => [d.time, d.kind, d.fields.map((f) => `${f.field}:${f.exchange}/${f.gold}`)]),
      [
        [120, 'different', ['volume:0.26/0.25']],
        [180, 'missing_in_gold', []],
        [240, 'missing_at_exchange', []],
      ],
    );
  });
});
