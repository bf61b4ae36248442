/**
 * DuckDB result types seen as Trino types: the type name and typeSignature a Trino client reads, and
 * per type the one encoder that writes a value as the JSON text Trino 476 sends for it (the server's
 * JsonEncodingUtils): integers as JSON integers, double and real as Java writes them (always with a
 * fraction or exponent; NaN and the infinities as strings), decimals as strings with their scale,
 * varbinary as base64, date/time/timestamp/interval as Trino's text with exactly the type's fraction
 * digits, arrays and rows as arrays, maps as objects keyed by the key's text. Every row a query sends
 * goes through rowRenderer, so this file is the gateway's whole wire format for values.
 */
import {
  type DuckDBArrayType,
  type DuckDBDecimalType,
  type DuckDBListType,
  type DuckDBMapType,
  type DuckDBStructType,
  type DuckDBType,
  DuckDBTypeId,
  type DuckDBValue,
} from '@duckdb/node-api';
import { GatewayQueryError } from './errors.js';
import { javaDoubleText, javaFloatText } from './javaNumberText.js';
import { formatDate, formatIntervalDayTime, formatOffset, formatTime, formatTimestamp } from './temporal.js';

export interface ClientTypeSignatureParameter {
  readonly kind: 'TYPE' | 'NAMED_TYPE' | 'LONG' | 'VARIABLE';
  readonly value: unknown;
}

export interface ClientTypeSignature {
  readonly rawType: string;
  readonly arguments: readonly ClientTypeSignatureParameter[];
}

export interface TrinoType {
  /** The display name, e.g. 'decimal(18,8)' or 'timestamp(6) with time zone'. */
  readonly name: string;
  readonly signature: ClientTypeSignature;
  /** JSON text of one non-null value. */
  readonly render: (value: DuckDBValue) => string;
}

const UNBOUNDED_VARCHAR = 2147483647;

function simple(rawType: string, render: (value: DuckDBValue) => string): TrinoType {
  return { name: rawType, signature: { rawType, arguments: [] }, render };
}

function withLong(rawType: string, name: string, argument: number, render: (value: DuckDBValue) => string): TrinoType {
  return { name, signature: { rawType, arguments: [{ kind: 'LONG', value: argument }] }, render };
}

const number = (value: DuckDBValue): string => String(value);
const quoted = (value: DuckDBValue): string => JSON.stringify(String(value));
/** Jackson writes a non-finite double or float as a quoted name; Trino clients read it back with parseDouble. */
function nonFinite(n: number): string {
  return Number.isNaN(n) ? '"NaN"' : n > 0 ? '"Infinity"' : '"-Infinity"';
}
const double = (value: DuckDBValue): string => {
  const n = value as number;
  return Number.isFinite(n) ? javaDoubleText(n) : nonFinite(n);
};
const real = (value: DuckDBValue): string => {
  const n = value as number;
  return Number.isFinite(n) ? javaFloatText(n) : nonFinite(n);
};

const BIGINT_MIN = -(2n ** 63n);
const BIGINT_MAX = 2n ** 63n - 1n;

/** A DuckDB HUGEINT reported as Trino's bigint: beyond 64 bits Trino fails the query, and so does the gateway. */
const bigintOfHuge = (value: DuckDBValue): string => {
  const n = value as bigint;
  if (n < BIGINT_MIN || n > BIGINT_MAX) {
    throw new GatewayQueryError('NUMERIC_VALUE_OUT_OF_RANGE', `bigint value ${n} is out of range (64-bit)`);
  }
  return String(n);
};

const DECIMAL_38_MAX = 10n ** 38n - 1n;
const decimal38OfUnsigned = (value: DuckDBValue): string => {
  const n = value as bigint;
  if (n > DECIMAL_38_MAX) {
    throw new GatewayQueryError('NUMERIC_VALUE_OUT_OF_RANGE', `value ${n} does not fit decimal(38,0)`);
  }
  return `"${n}"`;
};

const varchar: TrinoType = {
  name: 'varchar',
  signature: { rawType: 'varchar', arguments: [{ kind: 'LONG', value: UNBOUNDED_VARCHAR }] },
  render: quoted,
};

/** Decimal text with exactly `scale` fraction digits, from the unscaled integer (faster than the value's toString). */
export function decimalText(unscaled: bigint, scale: number): string {
  if (scale === 0) return unscaled.toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

const renderDecimal = (value: DuckDBValue): string => {
  const decimalValue = value as { value?: unknown; scale?: unknown };
  return typeof decimalValue.value === 'bigint' && typeof decimalValue.scale === 'number'
    ? `"${decimalText(decimalValue.value, decimalValue.scale)}"`
    : quoted(value);
};

function decimal(precision: number, scale: number, render: (value: DuckDBValue) => string = quoted): TrinoType {
  return {
    name: `decimal(${precision},${scale})`,
    signature: {
      rawType: 'decimal',
      arguments: [
        { kind: 'LONG', value: precision },
        { kind: 'LONG', value: scale },
      ],
    },
    render,
  };
}

function timestamp(
  precision: number,
  unitsPerSecond: bigint,
  field: 'micros' | 'millis' | 'seconds' | 'nanos',
): TrinoType {
  return withLong('timestamp', `timestamp(${precision})`, precision, (value) =>
    JSON.stringify(
      formatTimestamp((value as unknown as Record<string, bigint>)[field] ?? 0n, unitsPerSecond, precision),
    ),
  );
}

/**
 * A DuckDB interval as Trino's interval day to second (what subtracting timestamps gives in both).
 * Months have no fixed length in days, so an interval holding months cannot be that type: the query
 * fails rather than send a guess.
 */
function intervalDayToSecond(value: DuckDBValue): string {
  const interval = value as { months: number; days: number; micros: bigint };
  if (interval.months !== 0) {
    throw new GatewayQueryError(
      'NOT_SUPPORTED',
      `interval ${String(value)} has months: the gateway sends intervals as Trino's interval day to second; use date_diff or to_days for month spans`,
    );
  }
  const micros = BigInt(interval.days) * 86_400_000_000n + interval.micros;
  return `"${formatIntervalDayTime(micros / 1000n)}"`;
}

function base64(value: DuckDBValue): string {
  const bytes = (value as { bytes: Uint8Array }).bytes;
  return JSON.stringify(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'));
}

function renderOrNull(type: TrinoType, value: DuckDBValue): string {
  return value === null || value === undefined ? 'null' : type.render(value);
}

function arrayOf(element: TrinoType): TrinoType {
  return {
    name: `array(${element.name})`,
    signature: { rawType: 'array', arguments: [{ kind: 'TYPE', value: element.signature }] },
    render: (value) =>
      `[${(value as { items: readonly DuckDBValue[] }).items.map((item) => renderOrNull(element, item)).join(',')}]`,
  };
}

function mapOf(key: TrinoType, valueType: TrinoType): TrinoType {
  return {
    name: `map(${key.name}, ${valueType.name})`,
    signature: {
      rawType: 'map',
      arguments: [
        { kind: 'TYPE', value: key.signature },
        { kind: 'TYPE', value: valueType.signature },
      ],
    },
    // JSON object keys are strings: Trino writes a key's text form, unquoted for numbers.
    render: (value) => {
      const entries = (value as { entries: readonly { key: DuckDBValue; value: DuckDBValue }[] }).entries;
      const parts = entries.map((entry) => {
        const keyText = key.render(entry.key);
        const keyString = keyText.startsWith('"') ? keyText : JSON.stringify(keyText);
        return `${keyString}:${renderOrNull(valueType, entry.value)}`;
      });
      return `{${parts.join(',')}}`;
    },
  };
}

function rowOf(names: readonly string[], fields: readonly TrinoType[]): TrinoType {
  return {
    name: `row(${names.map((name, i) => `"${name.replaceAll('"', '""')}" ${fields[i]?.name}`).join(', ')})`,
    signature: {
      rawType: 'row',
      arguments: names.map((name, i) => ({
        kind: 'NAMED_TYPE',
        value: { fieldName: { name, delimited: false }, typeSignature: fields[i]?.signature },
      })),
    },
    render: (value) => {
      const entries = (value as { entries: Readonly<Record<string, DuckDBValue>> }).entries;
      return `[${names.map((name, i) => renderOrNull(fields[i] as TrinoType, entries[name] ?? null)).join(',')}]`;
    },
  };
}

/** The Trino type a DuckDB result column is reported as; types Trino lacks fall back to varchar text. */
export function trinoType(type: DuckDBType): TrinoType {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return simple('boolean', (value) => (value ? 'true' : 'false'));
    case DuckDBTypeId.TINYINT:
      return simple('tinyint', number);
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return simple('smallint', number);
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return simple('integer', number);
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
      return simple('bigint', number);
    // DuckDB widens sum(bigint) to HUGEINT where Trino keeps bigint: report bigint, with the exact digits.
    case DuckDBTypeId.HUGEINT:
      return simple('bigint', bigintOfHuge);
    case DuckDBTypeId.UBIGINT:
      return decimal(20, 0);
    case DuckDBTypeId.UHUGEINT:
      return decimal(38, 0, decimal38OfUnsigned);
    case DuckDBTypeId.FLOAT:
      return simple('real', real);
    case DuckDBTypeId.DOUBLE:
      return simple('double', double);
    case DuckDBTypeId.DECIMAL: {
      const { width, scale } = type as DuckDBDecimalType;
      return decimal(width, scale, renderDecimal);
    }
    case DuckDBTypeId.VARCHAR:
      // DuckDB's JSON is VARCHAR under an alias; Trino's json is sent as its text, a JSON string.
      return type.alias === 'JSON' ? simple('json', quoted) : varchar;
    case DuckDBTypeId.ENUM:
      return varchar;
    case DuckDBTypeId.BLOB:
      return simple('varbinary', base64);
    case DuckDBTypeId.UUID:
      return simple('uuid', quoted);
    case DuckDBTypeId.DATE:
      return simple('date', (value) => JSON.stringify(formatDate((value as { days: number }).days)));
    case DuckDBTypeId.TIME:
      return withLong(
        'time',
        'time(6)',
        6,
        (value) => `"${formatTime((value as { micros: bigint }).micros, 1_000_000n, 6)}"`,
      );
    case DuckDBTypeId.TIME_NS:
      return withLong(
        'time',
        'time(9)',
        9,
        (value) => `"${formatTime((value as { nanos: bigint }).nanos, 1_000_000_000n, 9)}"`,
      );
    case DuckDBTypeId.TIME_TZ:
      return withLong('time with time zone', 'time(6) with time zone', 6, (value) => {
        const time = value as { micros: bigint; offset: number };
        return `"${formatTime(time.micros, 1_000_000n, 6)}${formatOffset(time.offset)}"`;
      });
    case DuckDBTypeId.INTERVAL:
      return simple('interval day to second', intervalDayToSecond);
    case DuckDBTypeId.TIMESTAMP:
      return timestamp(6, 1_000_000n, 'micros');
    case DuckDBTypeId.TIMESTAMP_S:
      return timestamp(0, 1n, 'seconds');
    case DuckDBTypeId.TIMESTAMP_MS:
      return timestamp(3, 1_000n, 'millis');
    case DuckDBTypeId.TIMESTAMP_NS:
      return timestamp(9, 1_000_000_000n, 'nanos');
    case DuckDBTypeId.TIMESTAMP_TZ:
      return withLong(
        'timestamp with time zone',
        'timestamp(6) with time zone',
        6,
        (value) => `"${formatTimestamp((value as { micros: bigint }).micros, 1_000_000n, 6)} UTC"`,
      );
    case DuckDBTypeId.LIST:
      return arrayOf(trinoType((type as DuckDBListType).valueType));
    case DuckDBTypeId.ARRAY:
      return arrayOf(trinoType((type as DuckDBArrayType).valueType));
    case DuckDBTypeId.MAP: {
      const map = type as DuckDBMapType;
      return mapOf(trinoType(map.keyType), trinoType(map.valueType));
    }
    case DuckDBTypeId.STRUCT: {
      const struct = type as DuckDBStructType;
      return rowOf(struct.entryNames, struct.entryTypes.map(trinoType));
    }
    default:
      return varchar;
  }
}

/** A function that writes one row as JSON text, column by column. */
export function rowRenderer(types: readonly TrinoType[]): (row: readonly DuckDBValue[]) => string {
  return (row) => {
    let text = '[';
    for (let i = 0; i < types.length; i++) {
      if (i > 0) text += ',';
      const value = row[i];
      text += value === null || value === undefined ? 'null' : (types[i] as TrinoType).render(value);
    }
    return `${text}]`;
  };
}
