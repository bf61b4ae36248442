/**
 * Partition directory names as Java writes them (PartitionSpec.partitionToPath): each field as
 * `name=value`, the value in the transform's human-readable form (Transform.toHumanString: day
 * `2024-01-31`, hour `2024-01-31-05`, month `2024-01`, year `2024`, timestamps in ISO-8601, binary in
 * base64, decimals as Java's BigDecimal.toString), name and value URL-encoded like java.net.URLEncoder.
 */
import type { PartitionValues } from '../avro/model.js';
import type { PartitionSpec } from './partitionSpec.js';
import type { Transform } from './transforms.js';
import { decimalParams, fixedLength, type IcebergType, type StructType } from './types.js';
import { formatDecimal, type IcebergValue } from './values.js';

const pad = (n: number | bigint, width = 2): string => {
  const negative = n < 0;
  const digits = String(negative ? -n : n).padStart(width, '0');
  return negative ? `-${digits}` : digits;
};

/** Civil date (proleptic Gregorian, UTC) of a day count since 1970-01-01. */
function civilDate(days: number): { year: number; month: number; day: number } {
  const date = new Date(days * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function isoDate(days: number): string {
  const { year, month, day } = civilDate(days);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Hours, minutes, seconds and a fraction without trailing zeros (DateTimeFormatter.ISO_LOCAL_TIME). */
function isoLocalTime(nanosOfDay: bigint): string {
  const seconds = nanosOfDay / 1_000_000_000n;
  const nanos = nanosOfDay % 1_000_000_000n;
  const hms = `${pad(seconds / 3600n)}:${pad((seconds / 60n) % 60n)}:${pad(seconds % 60n)}`;
  return nanos === 0n ? hms : `${hms}.${pad(nanos, 9).replace(/0+$/, '')}`;
}

/** LocalTime.toString(): seconds only when non-zero, the fraction in groups of 3 digits. */
function javaLocalTime(nanosOfDay: bigint): string {
  const seconds = nanosOfDay / 1_000_000_000n;
  const nanos = nanosOfDay % 1_000_000_000n;
  let out = `${pad(seconds / 3600n)}:${pad((seconds / 60n) % 60n)}`;
  if (seconds % 60n === 0n && nanos === 0n) return out;
  out += `:${pad(seconds % 60n)}`;
  if (nanos === 0n) return out;
  if (nanos % 1_000_000n === 0n) return `${out}.${pad(nanos / 1_000_000n, 3)}`;
  if (nanos % 1000n === 0n) return `${out}.${pad(nanos / 1000n, 6)}`;
  return `${out}.${pad(nanos, 9)}`;
}

function isoTimestamp(value: bigint, unitsPerSecond: bigint, withZone: boolean): string {
  const perDay = 86_400n * unitsPerSecond;
  const days = value >= 0n ? value / perDay : -((-value + perDay - 1n) / perDay);
  const nanosOfDay = ((value - days * perDay) * 1_000_000_000n) / unitsPerSecond;
  return `${isoDate(Number(days))}T${isoLocalTime(nanosOfDay)}${withZone ? '+00:00' : ''}`;
}

/** BigDecimal.toString(): plain unless the adjusted exponent is below -6 (scales here are never negative). */
function javaDecimal(unscaled: bigint, scale: number): string {
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString();
  const adjusted = digits.length - 1 - scale;
  if (adjusted >= -6) return formatDecimal(unscaled, scale);
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${unscaled < 0n ? '-' : ''}${mantissa}E${adjusted}`;
}

/** Double.toString / Float.toString: shortest digits, `1.0` for integral values, `1.0E10` beyond [1e-3, 1e7). */
function javaFloating(value: number, single: boolean): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  let shortest = String(value);
  if (single)
    for (let precision = 1; precision <= 9; precision++) {
      const candidate = value.toPrecision(precision);
      if (Math.fround(Number(candidate)) === value) {
        shortest = String(Number(candidate));
        break;
      }
    }
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) return shortest.includes('.') ? shortest : `${shortest}.0`;
  const [mantissa = '', exponent = '0'] = Number(shortest).toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** A value of `type` as Java's Transform.toHumanString(type, value) renders it. */
function humanValue(type: IcebergType, value: IcebergValue): string {
  const decimal = decimalParams(type);
  if (decimal) return javaDecimal(value as bigint, decimal.scale);
  if (type === 'binary' || fixedLength(type) !== undefined) return Buffer.from(value as Uint8Array).toString('base64');
  switch (type) {
    case 'date':
      return isoDate(value as number);
    case 'time':
      return javaLocalTime((value as bigint) * 1000n);
    case 'timestamp':
    case 'timestamptz':
      return isoTimestamp(value as bigint, 1_000_000n, type === 'timestamptz');
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return isoTimestamp(value as bigint, 1_000_000_000n, type === 'timestamptz_ns');
    case 'float':
    case 'double':
      return javaFloating(value as number, type === 'float');
    default:
      return String(value);
  }
}

/** The human-readable form of a transformed partition value (Java's Transform.toHumanString). */
export function humanString(transform: Transform, resultType: IcebergType, value: IcebergValue | null): string {
  if (value === null) return 'null';
  switch (transform.kind) {
    case 'year':
      return pad(1970 + (value as number), 4);
    case 'month': {
      const months = value as number;
      return `${pad(1970 + Math.floor(months / 12), 4)}-${pad((((months % 12) + 12) % 12) + 1)}`;
    }
    case 'day':
      return isoDate(value as number);
    case 'hour': {
      const hours = value as number;
      const days = Math.floor(hours / 24);
      return `${isoDate(days)}-${pad(hours - days * 24)}`;
    }
    default:
      return humanValue(resultType, value);
  }
}

/** java.net.URLEncoder.encode(text, UTF-8): unreserved are A-Z a-z 0-9 . - * _, space becomes '+'. */
export function urlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** `field=value/...` for a partition tuple of `spec` (`partitionType` = spec.partitionType(schema)). */
export function partitionToPath(spec: PartitionSpec, partitionType: StructType, partition: PartitionValues): string {
  return spec.fields
    .map((field, i) => {
      const type = partitionType.fields[i]?.type ?? 'string';
      const value = humanString(field.transform, type, partition[i] ?? null);
      return `${urlEncode(field.name)}=${urlEncode(value)}`;
    })
    .join('/');
}
