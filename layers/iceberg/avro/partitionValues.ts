/** Partition values between their in-memory form and the Avro form used inside manifests. */
import { ValidationError } from '../errors.js';
import { decimalParams, fixedLength, type IcebergType } from '../spec/types.js';
import type { IcebergValue } from '../spec/values.js';
import { decimalRequiredBytes } from './schemas.js';

function signExtended(unscaled: bigint, size: number): Buffer {
  const buf = Buffer.alloc(size);
  let value = BigInt.asUintN(size * 8, unscaled);
  for (let i = size - 1; i >= 0; i--) {
    buf[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return buf;
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return (bytes[0] as number) & 0x80 ? value - (1n << BigInt(bytes.length * 8)) : value;
}

export function partitionValueToAvro(type: IcebergType, value: IcebergValue | null): unknown {
  if (value === null) return null;
  const decimal = decimalParams(type);
  if (decimal) return signExtended(value as bigint, decimalRequiredBytes(decimal.precision));
  if (type === 'uuid') return Buffer.from((value as string).replaceAll('-', ''), 'hex');
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (type === 'long' || type === 'time' || type.toString().startsWith('timestamp')) return BigInt(value as bigint);
  return value;
}

export function partitionValueFromAvro(type: IcebergType, raw: unknown): IcebergValue | null {
  if (raw === null || raw === undefined) return null;
  if (decimalParams(type)) return bytesToBigInt(raw as Uint8Array);
  if (type === 'uuid') {
    if (typeof raw === 'string') return raw.toLowerCase();
    const hex = Buffer.from(raw as Uint8Array).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  if (type === 'binary' || fixedLength(type) !== undefined) return new Uint8Array(raw as Uint8Array);
  switch (type) {
    case 'int':
    case 'date':
      return Number(raw);
    case 'long':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return BigInt(raw as number | bigint);
    case 'float':
    case 'double':
      return Number(raw);
    case 'boolean':
      return Boolean(raw);
    case 'string':
      return String(raw);
  }
  throw new ValidationError(`cannot read partition values of type ${JSON.stringify(type)}`);
}
