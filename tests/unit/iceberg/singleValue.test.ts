// Appendix D single-value serialisation, decimal text and BigInt-safe JSON: property-based round trips.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  formatDecimal,
  fromBytes,
  parseDecimal,
  parseJson,
  stringifyJson,
  toBytes,
  truncateUpperBound,
} from '../../../layers/iceberg/index.js';

const long = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

describe('single-value binary serialisation', () => {
  it('round-trips every primitive', () => {
    fc.assert(fc.property(fc.integer(), (v) => assert.equal(fromBytes('int', toBytes('int', v)), v)));
    fc.assert(fc.property(long, (v) => assert.equal(fromBytes('long', toBytes('long', v)), v)));
    fc.assert(fc.property(long, (v) => assert.equal(fromBytes('timestamptz', toBytes('timestamptz', v)), v)));
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (v) => assert.equal(fromBytes('double', toBytes('double', v)), v)),
    );
    fc.assert(fc.property(fc.string(), (v) => assert.equal(fromBytes('string', toBytes('string', v)), v)));
    fc.assert(fc.property(fc.uuid(), (v) => assert.equal(fromBytes('uuid', toBytes('uuid', v)), v)));
    fc.assert(fc.property(fc.boolean(), (v) => assert.equal(fromBytes('boolean', toBytes('boolean', v)), v)));
    const unscaled = fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n });
    fc.assert(fc.property(unscaled, (v) => assert.equal(fromBytes('decimal(38, 9)', toBytes('decimal(38, 9)', v)), v)));
  });

  it('matches the spec byte layouts', () => {
    assert.deepEqual([...toBytes('int', 1)], [1, 0, 0, 0]);
    assert.deepEqual([...toBytes('long', -2n)], [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    assert.deepEqual([...toBytes('decimal(9, 2)', 1420n)], [0x05, 0x8c]);
    assert.deepEqual([...toBytes('decimal(9, 2)', -1n)], [0xff]);
    assert.deepEqual([...toBytes('decimal(9, 2)', 128n)], [0x00, 0x80]);
    assert.deepEqual([...toBytes('uuid', 'f79c3e09-677c-4bbd-a479-3f349cb785e7')].slice(0, 2), [0xf7, 0x9c]);
    assert.equal(fromBytes('long', toBytes('int', -7)), -7n, 'int bounds read after promotion to long');
  });

  it('truncated upper bounds stay above the value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 8 }), (v, width) => {
        const bound = truncateUpperBound('string', v, width);
        if (bound !== undefined) assert.ok(Buffer.compare(Buffer.from(bound as string), Buffer.from(v)) >= 0);
      }),
    );
  });
});

describe('decimals and JSON', () => {
  it('parses and formats decimals exactly', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 12 }),
        (unscaled, scale) => assert.equal(parseDecimal(formatDecimal(unscaled, scale), scale), unscaled),
      ),
    );
    assert.equal(parseDecimal('1.5', 3), 1500n);
    assert.equal(formatDecimal(-5n, 2), '-0.05');
    assert.throws(() => parseDecimal('1.234', 2));
  });

  it('keeps 63-bit ids exact through JSON', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), (id) => {
        const back = parseJson(stringifyJson({ 'snapshot-id': id })) as { 'snapshot-id': number | bigint };
        assert.equal(BigInt(back['snapshot-id']), id);
      }),
    );
    assert.equal(stringifyJson({ id: 9223372036854775807n }), '{"id":9223372036854775807}');
  });
});
