/**
 * Single-value binary serialisation (spec Appendix D), used for lower/upper bounds in manifests.
 * Also the truncation of string and binary bounds (the default metrics mode is truncate(16)).
 */
import { ValidationError } from '../errors.js';
import { decimalParams, fixedLength, type PrimitiveType } from './types.js';
import type { IcebergValue } from './values.js';

function decimalToBytes(unscaled: bigint): Uint8Array {
  // Minimal two's-complement, big-endian.
  const bytes: number[] = [];
  let value = unscaled;
  for (;;) {
    const byte = Number(value & 0xffn);
    bytes.unshift(byte);
    value >>= 8n;
    const signBitSet = (byte & 0x80) !== 0;
    if ((value === 0n && !signBitSet) || (value === -1n && signBitSet)) break;
  }
  return Uint8Array.from(bytes);
}

function decimalFromBytes(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  const bits = BigInt(bytes.length * 8);
  return (bytes[0] as number) & 0x80 ? value - (1n << bits) : value;
}

function uuidToBytes(uuid: string): Uint8Array {
  return Uint8Array.from(Buffer.from(uuid.replaceAll('-', ''), 'hex'));
}

function uuidFromBytes(bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function toBytes(type: PrimitiveType, value: IcebergValue): Uint8Array {
  if (decimalParams(type)) return decimalToBytes(value as bigint);
  if (fixedLength(type) !== undefined) return value as Uint8Array;
  const view = (size: number) => Buffer.alloc(size);
  switch (type) {
    case 'boolean':
      return Uint8Array.of(value ? 1 : 0);
    case 'int':
    case 'date': {
      const buf = view(4);
      buf.writeInt32LE(value as number);
      return new Uint8Array(buf);
    }
    case 'float': {
      const buf = view(4);
      buf.writeFloatLE(value as number);
      return new Uint8Array(buf);
    }
    case 'double': {
      const buf = view(8);
      buf.writeDoubleLE(value as number);
      return new Uint8Array(buf);
    }
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'timestamp_ns':
    case 'timestamptz_ns': {
      const buf = view(8);
      buf.writeBigInt64LE(value as bigint);
      return new Uint8Array(buf);
    }
    case 'string':
      return new Uint8Array(Buffer.from(value as string, 'utf8'));
    case 'uuid':
      return uuidToBytes(value as string);
    case 'binary':
      return value as Uint8Array;
  }
  throw new ValidationError(`no binary form for ${type}`);
}

export function fromBytes(type: PrimitiveType, bytes: Uint8Array): IcebergValue {
  if (decimalParams(type)) return decimalFromBytes(bytes);
  if (fixedLength(type) !== undefined) return bytes;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (type) {
    case 'boolean':
      return bytes[0] !== 0;
    case 'int':
    case 'date':
      return buf.readInt32LE(0);
    case 'float':
      return buf.readFloatLE(0);
    case 'double':
      // Bounds written while the column was a float stay 4 bytes.
      return bytes.length === 4 ? buf.readFloatLE(0) : buf.readDoubleLE(0);
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'timestamp_ns':
    case 'timestamptz_ns':
      // Spec: bounds written for int columns later promoted to long stay 4 bytes.
      return bytes.length === 4 ? BigInt(buf.readInt32LE(0)) : buf.readBigInt64LE(0);
    case 'string':
      return buf.toString('utf8');
    case 'uuid':
      return uuidFromBytes(bytes);
    case 'binary':
      return bytes;
  }
  throw new ValidationError(`no binary form for ${type}`);
}

/** Lower bound truncated to `width` code points (a prefix is always <= the value). */
export function truncateLowerBound(type: PrimitiveType, value: IcebergValue, width: number): IcebergValue {
  if (type === 'string') return [...(value as string)].slice(0, width).join('');
  if (type === 'binary') return (value as Uint8Array).slice(0, width);
  return value;
}

/**
 * Upper bound truncated to `width`, with the last kept unit incremented so it stays >= the value;
 * undefined when no such bound exists (every kept unit already at its maximum).
 */
export function truncateUpperBound(type: PrimitiveType, value: IcebergValue, width: number): IcebergValue | undefined {
  if (type === 'string') {
    const points = [...(value as string)];
    if (points.length <= width) return value;
    const kept = points.slice(0, width).map((p) => p.codePointAt(0) as number);
    for (let i = kept.length - 1; i >= 0; i--) {
      let next = (kept[i] as number) + 1;
      if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
      if (next <= 0x10ffff) return String.fromCodePoint(...kept.slice(0, i), next);
    }
    return undefined;
  }
  if (type === 'binary') {
    const bytes = value as Uint8Array;
    if (bytes.length <= width) return bytes;
    const kept = Array.from(bytes.slice(0, width));
    for (let i = kept.length - 1; i >= 0; i--) {
      if ((kept[i] as number) < 0xff) return Uint8Array.from([...kept.slice(0, i), (kept[i] as number) + 1]);
    }
    return undefined;
  }
  return value;
}
