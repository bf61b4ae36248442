/**
 * Generated values of every type the gateway sends, encoded by the gateway's one row encoder, then
 * read back under the Trino 476 client's strict token rules (helpers/strictTrinoDecoder.ts): each
 * must decode without "Unexpected token", carry exactly the type's text form (fraction digits,
 * zone, sign of the year), and round-trip to the value that was encoded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ARRAY,
  BIGINT,
  BLOB,
  BOOLEAN,
  blobValue,
  DATE,
  DECIMAL,
  DOUBLE,
  type DuckDBType,
  type DuckDBValue,
  DuckDBVarCharType,
  dateValue,
  decimalValue,
  FLOAT,
  HUGEINT,
  INTEGER,
  INTERVAL,
  intervalValue,
  LIST,
  listValue,
  MAP,
  mapValue,
  SMALLINT,
  STRUCT,
  structValue,
  TIME,
  TIME_NS,
  TIMESTAMP,
  TIMESTAMP_MS,
  TIMESTAMP_NS,
  TIMESTAMP_S,
  TIMESTAMPTZ,
  TIMETZ,
  TINYINT,
  timeNSValue,
  timestampMillisValue,
  timestampNanosValue,
  timestampSecondsValue,
  timestampTZValue,
  timestampValue,
  timeTZValue,
  timeValue,
  UUID,
  uuidValue,
  VARCHAR,
} from '@duckdb/node-api';
import fc from 'fast-check';
import { rowRenderer, trinoType } from '../../../local/gateway/protocol/trinoTypes.js';
import { type Decoded, decodeCell, decodeRow, parseStrictJson } from './helpers/strictTrinoDecoder.js';

/** One generated value: what DuckDB hands the gateway, and what a client must read back. */
interface Sample {
  readonly duck: DuckDBValue;
  readonly expect: (decoded: Decoded) => void;
}

interface Generated {
  readonly type: DuckDBType;
  readonly sample: fc.Arbitrary<Sample>;
}

const MICROS_PER_DAY = 86_400_000_000n;
/** A JS Date spans ±10^8 days: the independent parser below reads dates through one. */
const DAY_RANGE = 99_999_999;

/** Days since the epoch of a Trino date text, read independently of the gateway's formatter. */
function daysOfDateText(text: string): number {
  const match = /^([+-]?)(\d{4,})-(\d{2})-(\d{2})$/.exec(text);
  assert.ok(match, `not a Trino date: ${text}`);
  const year = Number(match[2]) * (match[1] === '-' ? -1 : 1);
  assert.equal(match[1] === '+', year > 9999, `year sign of ${text}`);
  assert.ok((match[2] as string).length === 4 || !match[2]?.startsWith('0'), `year digits of ${text}`);
  const date = new Date(0);
  date.setUTCFullYear(year, Number(match[3]) - 1, Number(match[4]));
  return Math.round(date.getTime() / 86_400_000);
}

/** 1/10^precision seconds since the epoch of a Trino timestamp(p) text with exactly p fraction digits. */
function unitsOfTimestampText(text: string, precision: number, suffix = ''): bigint {
  const fraction = precision === 0 ? '' : `\\.(\\d{${precision}})`;
  const match = new RegExp(`^(\\S+) (\\d{2}):(\\d{2}):(\\d{2})${fraction}${suffix}$`).exec(text);
  assert.ok(match, `not a Trino timestamp(${precision})${suffix}: ${text}`);
  const seconds =
    BigInt(daysOfDateText(match[1] as string)) * 86_400n +
    BigInt(Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]));
  return seconds * 10n ** BigInt(precision) + BigInt(match[5] ?? 0);
}

/** Units since midnight of a Trino time(p) text. */
function unitsOfTimeText(text: string, precision: number): bigint {
  return unitsOfTimestampText(`1970-01-01 ${text}`, precision);
}

const equalTo =
  (expected: Decoded) =>
  (decoded: Decoded): void =>
    assert.deepEqual(decoded, expected);

function integers(type: DuckDBType, bits: number, asBigint: boolean): Generated {
  const limit = 2n ** BigInt(bits - 1);
  return {
    type,
    sample: fc.bigInt(-limit, limit - 1n).map((n) => ({ duck: asBigint ? n : Number(n), expect: equalTo(n) })),
  };
}

const double: Generated = {
  type: DOUBLE,
  sample: fc
    .double()
    .map((n) => ({ duck: n, expect: (decoded) => assert.ok(Object.is(decoded, n), `${decoded} vs ${n}`) })),
};

const real: Generated = {
  type: FLOAT,
  sample: fc.float().map((n) => ({
    duck: n,
    expect: (decoded) => assert.ok(Object.is(Math.fround(decoded as number), n), `${decoded} vs ${n}`),
  })),
};

const decimal: Generated = {
  type: DECIMAL(38, 0),
  sample: fc
    .integer({ min: 1, max: 38 })
    .chain((width) => fc.tuple(fc.constant(width), fc.integer({ min: 0, max: width })))
    .chain(([width, scale]) =>
      fc.bigInt(-(10n ** BigInt(width) - 1n), 10n ** BigInt(width) - 1n).map((unscaled) => ({
        duck: decimalValue(unscaled, width, scale),
        expect: (decoded: Decoded) => {
          const pattern = scale === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${scale}}$`);
          assert.match(decoded as string, pattern);
          assert.equal(BigInt((decoded as string).replace('.', '')), unscaled);
        },
      })),
    ),
};

function timestamps(type: DuckDBType, precision: number, make: (units: bigint) => DuckDBValue, zone = ''): Generated {
  const perDay = (MICROS_PER_DAY / 1_000_000n) * 10n ** BigInt(precision);
  const limit = BigInt(DAY_RANGE) * perDay;
  return {
    type,
    sample: fc.bigInt(-limit, limit).map((units) => ({
      duck: make(units),
      expect: (decoded) => assert.equal(unitsOfTimestampText(decoded as string, precision, zone), units),
    })),
  };
}

const date: Generated = {
  type: DATE,
  sample: fc.integer({ min: -DAY_RANGE, max: DAY_RANGE }).map((days) => ({
    duck: dateValue(days),
    expect: (decoded) => assert.equal(daysOfDateText(decoded as string), days),
  })),
};

const time: Generated = {
  type: TIME,
  sample: fc.bigInt(0n, MICROS_PER_DAY - 1n).map((micros) => ({
    duck: timeValue(micros),
    expect: (decoded) => assert.equal(unitsOfTimeText(decoded as string, 6), micros),
  })),
};

const timeNanos: Generated = {
  type: TIME_NS,
  sample: fc.bigInt(0n, MICROS_PER_DAY * 1000n - 1n).map((nanos) => ({
    duck: timeNSValue(nanos),
    expect: (decoded) => assert.equal(unitsOfTimeText(decoded as string, 9), nanos),
  })),
};

const timeWithZone: Generated = {
  type: TIMETZ,
  sample: fc
    .tuple(fc.bigInt(0n, MICROS_PER_DAY - 1n), fc.integer({ min: -959, max: 959 }))
    .map(([micros, offsetMinutes]) => ({
      duck: timeTZValue(micros, offsetMinutes * 60),
      expect: (decoded: Decoded) => {
        const match = /^(.*)([+-])(\d{2}):(\d{2})$/.exec(decoded as string);
        assert.ok(match, `not a Trino time with time zone: ${decoded}`);
        assert.equal(unitsOfTimeText(match[1] as string, 6), micros);
        const minutes = (Number(match[3]) * 60 + Number(match[4])) * (match[2] === '-' ? -1 : 1);
        assert.equal(minutes, offsetMinutes);
      },
    })),
};

/** Trino 476's interval day to second: milliseconds, 'D HH:MM:SS.mmm'. */
const interval: Generated = {
  type: INTERVAL,
  sample: fc
    .tuple(fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 }), fc.bigInt(-(2n ** 40n), 2n ** 40n))
    .map(([days, micros]) => ({
      duck: intervalValue(0, days, micros),
      expect: (decoded: Decoded) => {
        const match = /^(-?)(\d+) (\d{2}):(\d{2}):(\d{2})\.(\d{3})$/.exec(decoded as string);
        assert.ok(match, `not a Trino interval day to second: ${decoded}`);
        const millis =
          ((BigInt(match[2] as string) * 24n + BigInt(match[3] as string)) * 60n + BigInt(match[4] as string)) *
            60_000n +
          BigInt(match[5] as string) * 1000n +
          BigInt(match[6] as string);
        assert.equal(match[1] === '-' ? -millis : millis, (BigInt(days) * MICROS_PER_DAY + micros) / 1000n);
      },
    })),
};

const varchar: Generated = {
  type: VARCHAR,
  sample: fc.string({ unit: 'binary' }).map((text) => ({ duck: text, expect: equalTo(text) })),
};

const json: Generated = {
  type: DuckDBVarCharType.create('JSON'),
  sample: fc.json().map((text) => ({ duck: text, expect: equalTo(text) })),
};

const varbinary: Generated = {
  type: BLOB,
  sample: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ duck: blobValue(bytes), expect: equalTo(bytes) })),
};

const uuid: Generated = {
  type: UUID,
  sample: fc.bigInt(0n, 2n ** 128n - 1n).map((bits) => {
    const hex = bits.toString(16).padStart(32, '0');
    const text = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    return { duck: uuidValue(bits), expect: equalTo(text) };
  }),
};

const boolean: Generated = {
  type: BOOLEAN,
  sample: fc.boolean().map((b) => ({ duck: b, expect: equalTo(b) })),
};

/** A generated value or SQL NULL, which every type sends as JSON null. */
function orNull(sample: fc.Arbitrary<Sample>): fc.Arbitrary<Sample> {
  return fc.oneof(
    { weight: 5, arbitrary: sample },
    { weight: 1, arbitrary: fc.constant<Sample>({ duck: null, expect: equalTo(null) }) },
  );
}

function arrayOf(element: Generated, fixedLength?: number): Generated {
  const length = fixedLength === undefined ? { maxLength: 5 } : { minLength: fixedLength, maxLength: fixedLength };
  return {
    type: fixedLength === undefined ? LIST(element.type) : ARRAY(element.type, fixedLength),
    sample: fc.array(orNull(element.sample), length).map((items) => ({
      duck: listValue(items.map((item) => item.duck)),
      expect: (decoded: Decoded) => {
        assert.ok(Array.isArray(decoded) && decoded.length === items.length, 'array length');
        items.forEach((item, i) => {
          item.expect((decoded as Decoded[])[i] as Decoded);
        });
      },
    })),
  };
}

function mapOf(key: DuckDBType, keys: fc.Arbitrary<string | number>, value: Generated): Generated {
  return {
    type: MAP(key, value.type),
    sample: fc
      .uniqueArray(keys, { maxLength: 5 })
      .chain((keyList) =>
        fc.tuple(
          fc.constant(keyList),
          fc.array(orNull(value.sample), { minLength: keyList.length, maxLength: keyList.length }),
        ),
      )
      .map(([keyList, values]) => ({
        duck: mapValue(keyList.map((k, i) => ({ key: k, value: (values[i] as Sample).duck }))),
        expect: (decoded: Decoded) => {
          assert.ok(decoded instanceof Map && decoded.size === keyList.length, 'map size');
          keyList.forEach((k, i) => {
            assert.ok(decoded.has(String(k)), `map key ${k}`);
            (values[i] as Sample).expect(decoded.get(String(k)) as Decoded);
          });
        },
      })),
  };
}

function rowOf(fields: Readonly<Record<string, Generated>>): Generated {
  const names = Object.keys(fields);
  return {
    type: STRUCT(Object.fromEntries(names.map((name) => [name, (fields[name] as Generated).type]))),
    sample: fc.tuple(...names.map((name) => orNull((fields[name] as Generated).sample))).map((values) => ({
      duck: structValue(Object.fromEntries(names.map((name, i) => [name, (values[i] as Sample).duck]))),
      expect: (decoded: Decoded) => {
        assert.ok(Array.isArray(decoded) && decoded.length === names.length, 'row fields');
        values.forEach((value, i) => {
          value.expect((decoded as Decoded[])[i] as Decoded);
        });
      },
    })),
  };
}

const timestamp6 = timestamps(TIMESTAMP, 6, timestampValue);
const scalars: Readonly<Record<string, Generated>> = {
  tinyint: integers(TINYINT, 8, false),
  smallint: integers(SMALLINT, 16, false),
  integer: integers(INTEGER, 32, false),
  bigint: integers(BIGINT, 64, true),
  'hugeint within bigint': integers(HUGEINT, 64, true),
  double,
  real,
  decimal,
  boolean,
  varchar,
  json,
  varbinary,
  uuid,
  date,
  'time(6)': time,
  'time(9)': timeNanos,
  'time(6) with time zone': timeWithZone,
  'timestamp(0)': timestamps(TIMESTAMP_S, 0, timestampSecondsValue),
  'timestamp(3)': timestamps(TIMESTAMP_MS, 3, timestampMillisValue),
  'timestamp(6)': timestamp6,
  'timestamp(9)': timestamps(TIMESTAMP_NS, 9, timestampNanosValue),
  'timestamp(6) with time zone': timestamps(TIMESTAMPTZ, 6, timestampTZValue, ' UTC'),
  'interval day to second': interval,
};
const nested: Readonly<Record<string, Generated>> = {
  'array(double)': arrayOf(double),
  'array(real) of fixed length': arrayOf(real, 3),
  'array(array(timestamp(6)))': arrayOf(arrayOf(timestamp6)),
  'map(varchar, double)': mapOf(VARCHAR, fc.string({ maxLength: 8 }), double),
  'map(integer, array(date))': mapOf(INTEGER, fc.integer(), arrayOf(date)),
  'row(double, array(bigint), timestamp with time zone, row(decimal, varbinary))': rowOf({
    x: double,
    y: arrayOf(integers(BIGINT, 64, true)),
    z: scalars['timestamp(6) with time zone'] as Generated,
    inner: rowOf({ d: decimal, b: varbinary }),
  }),
};

/** Encodes one value through the gateway's row encoder and decodes it as the Trino client would. */
function roundTrip(generated: Generated, sample: Sample): void {
  const type = trinoType(generated.type);
  const text = rowRenderer([type])([sample.duck]);
  const [decoded] = decodeRow([type.signature], text);
  sample.expect(decoded as Decoded);
}

describe('the gateway wire format under the Trino 476 client rules (generated)', () => {
  for (const [name, generated] of Object.entries({ ...scalars, ...nested })) {
    it(`${name}: decodes strictly and round-trips`, () => {
      fc.assert(
        fc.property(orNull(generated.sample), (sample) => roundTrip(generated, sample)),
        { numRuns: 300 },
      );
    });
  }

  it('sends every double as a float token or a NaN/Infinity string, never an integer token', () => {
    fc.assert(
      fc.property(fc.double(), (n) => {
        const token = parseStrictJson(trinoType(DOUBLE).render(n));
        assert.ok(token.kind === 'VALUE_NUMBER_FLOAT' || token.kind === 'VALUE_STRING', `${n} sent as ${token.kind}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('the strict reader rejects what the JDBC driver rejects', () => {
    const doubleType = trinoType(DOUBLE).signature;
    assert.throws(() => decodeCell(doubleType, parseStrictJson('0')), /Unexpected token VALUE_NUMBER_INT for double/);
    assert.throws(
      () => decodeCell(trinoType(BIGINT).signature, parseStrictJson('1.0')),
      /Unexpected token VALUE_NUMBER_FLOAT/,
    );
    assert.throws(() => decodeCell(trinoType(TIMESTAMP).signature, parseStrictJson('0')), /Unexpected token/);
    assert.throws(() => parseStrictJson('NaN'), /strict JSON/);
  });
});
