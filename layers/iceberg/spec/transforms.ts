/**
 * Partition transforms (spec "Partition Transforms"): parsing, result types, application to
 * values (their human-readable form for partition paths is in partitionPath.ts).
 */
import { ValidationError } from '../errors.js';
import { murmur3Hash32, murmur3HashLong } from './murmur3.js';
import { toBytes } from './singleValue.js';
import { decimalParams, type IcebergType, type PrimitiveType } from './types.js';
import type { IcebergValue } from './values.js';

export type Transform =
  | { readonly kind: 'identity' }
  | { readonly kind: 'bucket'; readonly n: number }
  | { readonly kind: 'truncate'; readonly width: number }
  | { readonly kind: 'year' }
  | { readonly kind: 'month' }
  | { readonly kind: 'day' }
  | { readonly kind: 'hour' }
  | { readonly kind: 'void' };

export const identity: Transform = { kind: 'identity' };
export const year: Transform = { kind: 'year' };
export const month: Transform = { kind: 'month' };
export const day: Transform = { kind: 'day' };
export const hour: Transform = { kind: 'hour' };
export const voidTransform: Transform = { kind: 'void' };
export const bucket = (n: number): Transform => ({ kind: 'bucket', n });
export const truncate = (width: number): Transform => ({ kind: 'truncate', width });

export function parseTransform(text: string): Transform {
  const param = /^(bucket|truncate)\[(\d+)\]$/.exec(text);
  if (param) return param[1] === 'bucket' ? bucket(Number(param[2])) : truncate(Number(param[2]));
  switch (text) {
    case 'identity':
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'void':
      return { kind: text };
  }
  throw new ValidationError(`unknown partition transform: ${text}`);
}

export function transformToString(transform: Transform): string {
  if (transform.kind === 'bucket') return `bucket[${transform.n}]`;
  if (transform.kind === 'truncate') return `truncate[${transform.width}]`;
  return transform.kind;
}

export function transformResultType(transform: Transform, source: IcebergType): IcebergType {
  switch (transform.kind) {
    case 'bucket':
    case 'year':
    case 'month':
    case 'hour':
      return 'int';
    case 'day':
      return 'date';
    default:
      return source;
  }
}

/** Whether the transform preserves order (so range predicates project onto it). */
export function isOrderPreserving(transform: Transform): boolean {
  return transform.kind !== 'bucket' && transform.kind !== 'void';
}

const MICROS_PER_HOUR = 3_600_000_000n;
const MICROS_PER_DAY = 86_400_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function micros(type: IcebergType, value: IcebergValue): bigint {
  if (type === 'date') return BigInt(value as number) * MICROS_PER_DAY;
  if (type === 'timestamp_ns' || type === 'timestamptz_ns') return floorDiv(value as bigint, 1000n);
  return value as bigint;
}

function yearMonth(type: IcebergType, value: IcebergValue): { year: number; month: number } {
  const days = Number(floorDiv(micros(type, value), MICROS_PER_DAY));
  const date = new Date(days * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() };
}

/** The 32-bit hash the bucket transform uses for a value (spec Appendix B). */
export function bucketHash(type: PrimitiveType, value: IcebergValue): number {
  if (decimalParams(type)) return murmur3Hash32(toBytes(type, value));
  switch (type) {
    case 'int':
    case 'date':
      return murmur3HashLong(BigInt(value as number));
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return murmur3HashLong(value as bigint);
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return murmur3HashLong(floorDiv(value as bigint, 1000n));
    case 'string':
    case 'uuid':
    case 'binary':
      return murmur3Hash32(toBytes(type, value));
    default:
      if (value instanceof Uint8Array) return murmur3Hash32(value);
  }
  throw new ValidationError(`bucket transform does not apply to ${type}`);
}

function truncateValue(type: PrimitiveType, width: number, value: IcebergValue): IcebergValue {
  if (type === 'int') {
    const v = value as number;
    return v - (((v % width) + width) % width);
  }
  if (type === 'long' || decimalParams(type)) {
    const v = value as bigint;
    const w = BigInt(width);
    return v - (((v % w) + w) % w);
  }
  if (type === 'string') {
    const points = [...(value as string)];
    return points.length <= width ? value : points.slice(0, width).join('');
  }
  if (type === 'binary') return (value as Uint8Array).slice(0, width);
  throw new ValidationError(`truncate transform does not apply to ${type}`);
}

/** Applies a transform to a source value; null in, null out (and void always gives null). */
export function applyTransform(
  transform: Transform,
  type: IcebergType,
  value: IcebergValue | null,
): IcebergValue | null {
  if (value === null || transform.kind === 'void') return null;
  if (typeof type !== 'string') throw new ValidationError(`cannot partition by nested type ${type.type}`);
  switch (transform.kind) {
    case 'identity':
      return value;
    case 'bucket':
      return (bucketHash(type, value) & 0x7fffffff) % transform.n;
    case 'truncate':
      return truncateValue(type, transform.width, value);
    case 'year':
      return yearMonth(type, value).year - 1970;
    case 'month': {
      const ym = yearMonth(type, value);
      return (ym.year - 1970) * 12 + ym.month;
    }
    case 'day':
      return type === 'date' ? value : Number(floorDiv(micros(type, value), MICROS_PER_DAY));
    case 'hour':
      return Number(floorDiv(micros(type, value), MICROS_PER_HOUR));
  }
}
