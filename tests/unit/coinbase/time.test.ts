import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatTimeMicros, parseGoTimeMicros, parseTimeMicros } from '../../../layers/coinbase/index.js';

describe('timestamps', () => {
  it('parses 0 to 9 fractional digits, offsets and the epoch exactly', () => {
    assert.deepEqual(parseTimeMicros('1970-01-01T00:00:00Z'), { ok: true, micros: 0n });
    assert.deepEqual(parseTimeMicros('2021-04-17T16:43:30.244Z'), { ok: true, micros: 1618677810244000n });
    assert.deepEqual(parseTimeMicros('2021-04-17T16:43:30.244075Z'), { ok: true, micros: 1618677810244075n });
    assert.deepEqual(parseTimeMicros('2021-04-17T16:43:30.244075999Z'), { ok: true, micros: 1618677810244075n });
    assert.deepEqual(parseTimeMicros('2021-04-17T18:43:30.244075+02:00'), { ok: true, micros: 1618677810244075n });
  });

  it('reports the placeholder, impossible dates and garbage', () => {
    for (const text of ['0001-01-01T00:00:00.000000Z', '2021-13-01T00:00:00Z', '2021-02-29T00:00:00Z', 'x', '']) {
      assert.equal(parseTimeMicros(text).ok, false, text);
    }
    assert.equal(parseTimeMicros(12).ok, false);
  });

  it('parses Go time.String() with a monotonic suffix', () => {
    assert.deepEqual(parseGoTimeMicros('2026-08-09 21:05:48.854840045 +0000 UTC m=+41691.26'), {
      ok: true,
      micros: 1786309548854840n,
    });
    assert.deepEqual(parseGoTimeMicros('2026-08-09 23:05:48.5 +0200 CEST'), { ok: true, micros: 1786309548500000n });
  });

  it('formats and parses back to the same micros, from year 1 to 9999', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -62135510400000000n, max: 253402300799999999n }), (micros) => {
        const text = formatTimeMicros(micros);
        assert.match(text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        assert.deepEqual(parseTimeMicros(text), { ok: true, micros });
      }),
    );
  });
});
