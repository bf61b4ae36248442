// Partition transforms: temporal transforms, truncate, void, and their partition-path strings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyTransform,
  day,
  hour,
  humanString,
  month,
  parseTransform,
  toValue,
  transformToString,
  truncate,
  voidTransform,
  year,
} from '../../../layers/iceberg/index.js';

describe('temporal transforms', () => {
  const ts = toValue('timestamptz', '2017-11-16T22:31:08.000001Z');
  it('computes year, month, day and hour ordinals since 1970', () => {
    assert.equal(applyTransform(year, 'timestamptz', ts), 47);
    assert.equal(applyTransform(month, 'timestamptz', ts), 47 * 12 + 10);
    assert.equal(applyTransform(day, 'timestamptz', ts), Date.UTC(2017, 10, 16) / 86_400_000);
    assert.equal(applyTransform(hour, 'timestamptz', ts), Math.floor(Date.UTC(2017, 10, 16, 22) / 3_600_000));
    assert.equal(applyTransform(day, 'date', toValue('date', '2017-11-16')), 17486);
  });

  it('floors before the epoch', () => {
    const before = toValue('timestamp', '1969-12-31T23:59:59.999999');
    assert.equal(applyTransform(day, 'timestamp', before), -1);
    assert.equal(applyTransform(hour, 'timestamp', before), -1);
    assert.equal(applyTransform(month, 'timestamp', before), -1);
    assert.equal(applyTransform(year, 'timestamp', before), -1);
  });

  it('renders partition path values', () => {
    assert.equal(humanString(day, 'date', 17486), '2017-11-16');
    assert.equal(humanString(hour, 'int', 419686), '2017-11-16-22');
    assert.equal(humanString(month, 'int', 574), '2017-11');
    assert.equal(humanString(year, 'int', 47), '2017');
    assert.equal(humanString(voidTransform, 'int', null), 'null');
  });
});

describe('truncate (spec examples)', () => {
  it('truncates ints, longs, decimals and strings', () => {
    assert.equal(applyTransform(truncate(10), 'int', 1), 0);
    assert.equal(applyTransform(truncate(10), 'int', -1), -10);
    assert.equal(applyTransform(truncate(10), 'long', -1n), -10n);
    assert.equal(applyTransform(truncate(50), 'decimal(9, 2)', toValue('decimal(9, 2)', '10.65')), 1050n);
    assert.equal(applyTransform(truncate(3), 'string', 'iceberg'), 'ice');
    assert.equal(applyTransform(truncate(3), 'string', '😀😀😀😀'), '😀😀😀');
  });

  it('void always yields null and names round-trip', () => {
    assert.equal(applyTransform(voidTransform, 'long', 5n), null);
    for (const name of ['identity', 'bucket[16]', 'truncate[4]', 'year', 'month', 'day', 'hour', 'void'])
      assert.equal(transformToString(parseTransform(name)), name);
  });
});
