// Spec Appendix B: 32-bit murmur3 hash vectors and the bucket transform built on them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyTransform, bucket, bucketHash, murmur3Hash32, toValue } from '../../../layers/iceberg/index.js';

describe('murmur3 (spec Appendix B vectors)', () => {
  const vectors: [Parameters<typeof toValue>[0], unknown, number][] = [
    ['int', 34, 2017239379],
    ['long', 34n, 2017239379],
    ['decimal(9, 2)', '14.20', -500754589],
    ['date', '2017-11-16', -653330422],
    ['time', '22:31:08', -662762989],
    ['timestamp', '2017-11-16T22:31:08', -2047944441],
    ['timestamptz', '2017-11-16T14:31:08-08:00', -2047944441],
    ['timestamp_ns', '2017-11-16T22:31:08.000001001', -1207196810],
    ['timestamptz_ns', '2017-11-16T14:31:08.000001001-08:00', -1207196810],
    ['string', 'iceberg', 1210000089],
    ['uuid', 'f79c3e09-677c-4bbd-a479-3f349cb785e7', 1488055340],
    ['fixed[4]', Uint8Array.of(0, 1, 2, 3), -188683207],
    ['binary', Uint8Array.of(0, 1, 2, 3), -188683207],
  ];
  for (const [type, input, expected] of vectors) {
    it(`hashes ${type} ${String(input)} to ${expected}`, () => {
      assert.equal(bucketHash(type, toValue(type, input)), expected);
    });
  }

  it('hashes raw bytes like Guava for every tail length', () => {
    assert.equal(murmur3Hash32(new Uint8Array(0)), 0);
    assert.equal(murmur3Hash32(Buffer.from('iceberg')), 1210000089);
  });

  it('buckets are (hash & Integer.MAX_VALUE) mod N', () => {
    assert.equal(applyTransform(bucket(16), 'int', 34), (2017239379 & 0x7fffffff) % 16);
    assert.equal(applyTransform(bucket(100), 'string', 'iceberg'), (1210000089 & 0x7fffffff) % 100);
    assert.equal(applyTransform(bucket(7), 'decimal(9, 2)', 1420n), (-500754589 & 0x7fffffff) % 7);
    assert.equal(applyTransform(bucket(7), 'long', null), null);
  });
});
