/**
 * Iceberg values as typed DuckDB SQL literals. Two sources: the JSON single-value form of the spec
 * (Appendix C: initial defaults in metadata) and the in-memory partition values the library reads
 * from manifests (days for dates, microseconds for times and timestamps, bytes for binary).
 */
import { decimalParams, fixedLength, formatDecimal, type IcebergType } from '../../iceberg/index.js';
import { quoteString } from '../sql/quote.js';
import { duckdbType } from './duckdbType.js';

function cast(text: string, type: IcebergType): string {
  return `CAST(${text} AS ${duckdbType(type)})`;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function floatLiteral(value: number, type: IcebergType): string {
  if (Number.isNaN(value)) return cast("'NaN'", type);
  if (!Number.isFinite(value)) return cast(value > 0 ? "'Infinity'" : "'-Infinity'", type);
  return cast(quoteString(String(value)), type);
}

function integerText(value: unknown, type: IcebergType): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return value;
  throw new TypeError(`expected an integer for Iceberg ${String(type)}, got ${String(value)}`);
}

/** A value in the spec's JSON single-value form (initial-default, write-default). */
export function literalFromJson(type: IcebergType, value: unknown): string {
  if (value === null || value === undefined) return cast('NULL', type);
  if (typeof type !== 'string') return nestedFromJson(type, value);
  switch (type) {
    case 'boolean':
      return value === true ? 'TRUE' : 'FALSE';
    case 'int':
    case 'long':
      return cast(integerText(value, type), type);
    case 'float':
    case 'double':
      return floatLiteral(Number(value), type);
    case 'binary':
      return `unhex(${quoteString(String(value))})`;
    default:
      if (fixedLength(type) !== undefined) return `unhex(${quoteString(String(value))})`;
      return cast(quoteString(String(value)), type);
  }
}

function nestedFromJson(type: Exclude<IcebergType, string>, value: unknown): string {
  if (type.type === 'struct') {
    const object = value as Record<string, unknown>;
    const entries = type.fields.map(
      (field) => `${quoteString(field.name)}: ${literalFromJson(field.type, object[String(field.id)])}`,
    );
    return cast(`{${entries.join(', ')}}`, type);
  }
  if (type.type === 'list') {
    return cast(`[${(value as unknown[]).map((item) => literalFromJson(type.element, item)).join(', ')}]`, type);
  }
  const { keys, values } = value as { keys: unknown[]; values: unknown[] };
  const keyList = keys.map((key) => literalFromJson(type.key, key)).join(', ');
  const valueList = values.map((item) => literalFromJson(type.value, item)).join(', ');
  return cast(`map([${keyList}], [${valueList}])`, type);
}

/** A partition value as the library holds it in memory (spec "Partition Transforms" result types). */
export function literalFromInternal(type: IcebergType, value: unknown): string {
  if (value === null || value === undefined) return cast('NULL', type);
  if (typeof type !== 'string') throw new TypeError(`partition values are never nested (got ${type.type})`);
  if (value instanceof Uint8Array) {
    if (type === 'uuid') {
      const text = hex(value);
      return cast(
        quoteString(
          `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`,
        ),
        type,
      );
    }
    return `unhex(${quoteString(hex(value))})`;
  }
  switch (type) {
    case 'boolean':
      return value === true ? 'TRUE' : 'FALSE';
    case 'int':
    case 'long':
      return cast(integerText(value, type), type);
    case 'float':
    case 'double':
      return floatLiteral(Number(value), type);
    case 'date':
      return typeof value === 'string'
        ? cast(quoteString(value), type)
        : `(DATE '1970-01-01' + ${integerText(value, type)})`;
    case 'time':
      return typeof value === 'string'
        ? cast(quoteString(value), type)
        : `(TIME '00:00:00' + to_microseconds(CAST(${integerText(value, type)} AS BIGINT)))`;
    case 'timestamp':
      return typeof value === 'string'
        ? cast(quoteString(value), type)
        : `make_timestamp(CAST(${integerText(value, type)} AS BIGINT))`;
    case 'timestamptz':
      return typeof value === 'string'
        ? cast(quoteString(value), type)
        : `timezone('UTC', make_timestamp(CAST(${integerText(value, type)} AS BIGINT)))`;
    case 'timestamp_ns':
      return typeof value === 'string'
        ? cast(quoteString(value), type)
        : `make_timestamp_ns(CAST(${integerText(value, type)} AS BIGINT))`;
    case 'timestamptz_ns':
      return typeof value === 'string'
        ? cast(quoteString(value), type)
        : `timezone('UTC', make_timestamp(CAST(${integerText(value, type)} AS BIGINT) // 1000))`;
    default: {
      const decimal = decimalParams(type);
      if (decimal !== undefined && typeof value === 'bigint') {
        return cast(quoteString(formatDecimal(value, decimal.scale)), type);
      }
      return cast(quoteString(String(value)), type);
    }
  }
}
