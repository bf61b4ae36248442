// Partition directory names as Java's PartitionSpec.partitionToPath writes them (expected strings
// follow Java's Transform.toHumanString, DateTimeFormatter and URLEncoder rules).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bucket,
  buildPartitionSpec,
  day,
  hour,
  humanString,
  identity,
  month,
  newSchema,
  partitionToPath,
  toValue,
  truncate,
  urlEncode,
  voidTransform,
  year,
} from '../../../layers/iceberg/index.js';

describe('human-readable partition values', () => {
  it('renders time transforms as year, month, day and hour', () => {
    assert.equal(humanString(year, 'int', 54), '2024');
    assert.equal(humanString(year, 'int', -1), '1969');
    assert.equal(humanString(month, 'int', 648), '2024-01');
    assert.equal(humanString(month, 'int', -1), '1969-12');
    assert.equal(humanString(day, 'date', 19723), '2024-01-01');
    assert.equal(humanString(day, 'date', -1), '1969-12-31');
    assert.equal(humanString(hour, 'int', 19723 * 24 + 10), '2024-01-01-10');
    assert.equal(humanString(hour, 'int', -1), '1969-12-31-23');
    assert.equal(humanString(voidTransform, 'int', null), 'null');
    assert.equal(humanString(identity, 'string', null), 'null');
  });

  it('renders identity values of every type as Java does', () => {
    assert.equal(humanString(identity, 'date', 19723), '2024-01-01');
    assert.equal(humanString(identity, 'time', toValue('time', '10:00:00')), '10:00');
    assert.equal(humanString(identity, 'time', toValue('time', '10:00:05.25')), '10:00:05.250');
    assert.equal(humanString(identity, 'time', toValue('time', '10:00:05.000001')), '10:00:05.000001');
    assert.equal(
      humanString(identity, 'timestamp', toValue('timestamp', '2024-01-01T10:00:00')),
      '2024-01-01T10:00:00',
    );
    assert.equal(
      humanString(identity, 'timestamptz', toValue('timestamptz', '2024-01-01T10:00:00.123Z')),
      '2024-01-01T10:00:00.123+00:00',
    );
    assert.equal(humanString(identity, 'timestamp', -1n), '1969-12-31T23:59:59.999999');
    assert.equal(humanString(identity, 'timestamptz_ns', 1_000_000_001n), '1970-01-01T00:00:01.000000001+00:00');
    assert.equal(humanString(identity, 'decimal(9, 2)', 1050n), '10.50');
    assert.equal(humanString(identity, 'decimal(9, 2)', -5n), '-0.05');
    assert.equal(humanString(identity, 'decimal(18, 8)', 1n), '1E-8');
    assert.equal(humanString(identity, 'decimal(18, 10)', 123n), '1.23E-8');
    assert.equal(humanString(identity, 'double', 1), '1.0');
    assert.equal(humanString(identity, 'double', 0.1), '0.1');
    assert.equal(humanString(identity, 'double', 1e7), '1.0E7');
    assert.equal(humanString(identity, 'double', 1.5e-5), '1.5E-5');
    assert.equal(humanString(identity, 'float', Math.fround(0.1)), '0.1');
    assert.equal(humanString(identity, 'boolean', true), 'true');
    assert.equal(humanString(identity, 'long', -9_223_372_036_854_775_808n), '-9223372036854775808');
    assert.equal(humanString(identity, 'binary', new Uint8Array([0xfb, 0xff])), '+/8=');
    assert.equal(humanString(identity, 'fixed[2]', new Uint8Array([0xfb, 0xff])), '+/8=');
    assert.equal(
      humanString(identity, 'uuid', 'f79c3e09-677c-4bbd-a479-3f349cb785e7'),
      'f79c3e09-677c-4bbd-a479-3f349cb785e7',
    );
    assert.equal(humanString(bucket(16), 'int', 7), '7');
    assert.equal(humanString(truncate(10), 'long', -10n), '-10');
    assert.equal(humanString(truncate(3), 'string', 'ice'), 'ice');
  });

  it('URL-encodes like java.net.URLEncoder', () => {
    assert.equal(urlEncode('a b/c=d&e+f'), 'a+b%2Fc%3Dd%26e%2Bf');
    assert.equal(urlEncode("A-z_0.9*!'()~"), 'A-z_0.9*%21%27%28%29%7E');
    assert.equal(urlEncode('2024-01-01T10:00:00+00:00'), '2024-01-01T10%3A00%3A00%2B00%3A00');
    assert.equal(urlEncode('é😀'), '%C3%A9%F0%9F%98%80');
  });
});

describe('partitionToPath', () => {
  const schema = newSchema([
    { name: 'ts', type: 'timestamptz' },
    { name: 'product id', type: 'string' },
    { name: 'price', type: 'decimal(18, 2)' },
  ]);
  const spec = buildPartitionSpec(schema, [
    { source: 'ts', transform: day },
    { source: 'ts', transform: hour },
    { source: 'ts', transform: month },
    { source: 'ts', transform: year },
    { source: 'product id', transform: bucket(8) },
    { source: 'product id', transform: truncate(3) },
    { source: 'product id', transform: identity },
    { source: 'price', transform: identity },
  ]);

  it('joins name=value per field, Java style', () => {
    const path = partitionToPath(spec, spec.partitionType(schema), [
      19723,
      19723 * 24 + 10,
      648,
      54,
      3,
      'BTC',
      'BTC/USD x',
      12345n,
    ]);
    assert.equal(
      path,
      'ts_day=2024-01-01/ts_hour=2024-01-01-10/ts_month=2024-01/ts_year=2024/product+id_bucket=3/product+id_trunc=BTC/product+id=BTC%2FUSD+x/price=123.45',
    );
  });

  it('writes null values as "null"', () => {
    const path = partitionToPath(spec, spec.partitionType(schema), [null, null, null, null, null, null, null, null]);
    assert.equal(
      path.split('/').every((part) => part.endsWith('=null')),
      true,
    );
  });
});
