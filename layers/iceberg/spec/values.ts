/**
 * In-memory values of Iceberg primitives, and conversion of friendlier inputs into them.
 *
 * | type                                   | value                       |
 * |----------------------------------------|-----------------------------|
 * | boolean                                | boolean                     |
 * | int, date (days since 1970-01-01)      | number                      |
 * | float, double                          | number                      |
 * | long, time, timestamp[tz] (micros/ns)  | bigint                      |
 * | decimal(P, S)                          | bigint, the unscaled value  |
 * | string, uuid (lower-case canonical)    | string                      |
 * | fixed[L], binary                       | Uint8Array                  |
 *
 * `toValue` accepts those values unchanged, plus: numbers for long/time/timestamps (micros),
 * ISO strings and Date for date/time/timestamps, decimal strings and numbers for decimals.
 */
import { ValidationError } from '../errors.js';
import { decimalParams, type PrimitiveType } from './types.js';

export type IcebergValue = boolean | number | bigint | string | Uint8Array;

const MS_PER_DAY = 86_400_000;

export function parseDecimal(text: string, scale: number): bigint {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new ValidationError(`not a decimal: ${text}`);
  const exponent = Number(match[4] ?? 0);
  let digits = `${match[2]}${match[3] ?? ''}`;
  let fractionDigits = (match[3] ?? '').length - exponent;
  while (fractionDigits < scale) {
    digits += '0';
    fractionDigits += 1;
  }
  if (fractionDigits > scale) {
    const drop = fractionDigits - scale;
    const dropped = digits.slice(digits.length - drop);
    if (/[1-9]/.test(dropped)) throw new ValidationError(`decimal ${text} has more than ${scale} fraction digits`);
    digits = digits.slice(0, digits.length - drop);
  }
  const unscaled = BigInt(digits === '' ? '0' : digits);
  return match[1] === '-' ? -unscaled : unscaled;
}

export function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const body =
    scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${body}` : body;
}

function parseDate(text: string): number {
  const ms = Date.parse(`${text.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new ValidationError(`not a date: ${text}`);
  return Math.floor(ms / MS_PER_DAY);
}

function parseTimeMicros(text: string): bigint {
  const match = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/.exec(text);
  if (!match) throw new ValidationError(`not a time: ${text}`);
  const seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
  return BigInt(seconds) * 1_000_000n + BigInt((match[4] ?? '').padEnd(6, '0'));
}

function normaliseZone(zone: string): string {
  if (zone === 'Z') return zone;
  const digits = zone.slice(1).replace(':', '').padEnd(4, '0');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2)}`;
}

/** Parses ISO timestamps keeping microseconds (Date keeps only milliseconds); no zone means UTC. */
function parseTimestampMicros(text: string): bigint {
  const match = /^(.*?[T ]\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!match) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    if (Number.isNaN(ms)) throw new ValidationError(`not a timestamp: ${text}`);
    return BigInt(ms) * 1000n;
  }
  const zone = normaliseZone(match[3] ?? 'Z');
  const ms = Date.parse(`${(match[1] as string).replace(' ', 'T')}${zone}`);
  if (Number.isNaN(ms)) throw new ValidationError(`not a timestamp: ${text}`);
  return BigInt(ms) * 1000n + BigInt((match[2] ?? '').padEnd(6, '0').slice(0, 6));
}

function toBigIntValue(input: unknown, type: string): bigint {
  if (typeof input === 'bigint') return input;
  if (typeof input === 'number' && Number.isInteger(input)) return BigInt(input);
  if (typeof input === 'string' && /^-?\d+$/.test(input)) return BigInt(input);
  throw new ValidationError(`cannot convert ${String(input)} to ${type}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Converts an input to the in-memory value of `type` (see the table above). */
export function toValue(type: PrimitiveType, input: unknown): IcebergValue {
  const decimal = decimalParams(type);
  if (decimal) {
    if (typeof input === 'bigint') return input;
    if (typeof input === 'number' || typeof input === 'string') return parseDecimal(String(input), decimal.scale);
    throw new ValidationError(`cannot convert ${String(input)} to ${type}`);
  }
  switch (type) {
    case 'boolean':
      if (typeof input === 'boolean') return input;
      if (input === 'true' || input === 'false') return input === 'true';
      break;
    case 'int':
      if (typeof input === 'number' && Number.isInteger(input)) return input;
      if (typeof input === 'bigint' || typeof input === 'string') return Number(toBigIntValue(input, type));
      break;
    case 'float':
    case 'double':
      if (typeof input === 'number') return input;
      if (typeof input === 'string' || typeof input === 'bigint') return Number(input);
      break;
    case 'long':
      return toBigIntValue(input, type);
    case 'date':
      if (typeof input === 'number') return input;
      if (typeof input === 'string') return parseDate(input);
      if (input instanceof Date) return Math.floor(input.getTime() / MS_PER_DAY);
      break;
    case 'time':
      if (typeof input === 'string' && input.includes(':')) return parseTimeMicros(input);
      return toBigIntValue(input, type);
    case 'timestamp':
    case 'timestamptz':
    case 'timestamp_ns':
    case 'timestamptz_ns': {
      const nanos = type.endsWith('_ns') ? 1000n : 1n;
      if (input instanceof Date) return BigInt(input.getTime()) * 1000n * nanos;
      if (typeof input === 'string' && !/^-?\d+$/.test(input)) return parseTimestampMicros(input) * nanos;
      return toBigIntValue(input, type);
    }
    case 'string':
      if (typeof input === 'string') return input;
      break;
    case 'uuid':
      if (typeof input === 'string' && UUID.test(input.toLowerCase())) return input.toLowerCase();
      break;
    default:
      if (input instanceof Uint8Array) return input;
  }
  throw new ValidationError(`cannot convert ${String(input)} to ${type}`);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Total order of two values of the same type (strings by UTF-8 bytes, as Java compares them). */
export function compareValues(a: IcebergValue, b: IcebergValue): number {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (typeof a === 'string' && typeof b === 'string')
    return compareBytes(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  if (typeof a === 'number' && typeof b === 'number' && (Number.isNaN(a) || Number.isNaN(b)))
    return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  if (a === b) return 0;
  return (a as number | bigint) < (b as number | bigint) ? -1 : 1;
}

export function valuesEqual(a: IcebergValue, b: IcebergValue): boolean {
  return compareValues(a, b) === 0;
}
