/**
 * Iceberg types as DuckDB types, exactly: decimal(P,S) stays DECIMAL(P,S), timestamptz is
 * TIMESTAMPTZ, uuid is UUID, fixed and binary are BLOB. DuckDB has no nanosecond timestamp with a
 * time zone, so timestamptz_ns reads as TIMESTAMPTZ (microseconds).
 */
import { decimalParams, fixedLength, type IcebergType } from '../../iceberg/index.js';
import { quoteIdentifier } from '../sql/quote.js';

const SIMPLE: Readonly<Record<string, string>> = {
  boolean: 'BOOLEAN',
  int: 'INTEGER',
  long: 'BIGINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  timestamp_ns: 'TIMESTAMP_NS',
  timestamptz_ns: 'TIMESTAMPTZ',
  string: 'VARCHAR',
  uuid: 'UUID',
  binary: 'BLOB',
};

export function duckdbType(type: IcebergType): string {
  if (typeof type === 'string') {
    const simple = SIMPLE[type];
    if (simple !== undefined) return simple;
    const decimal = decimalParams(type);
    if (decimal !== undefined) return `DECIMAL(${decimal.precision}, ${decimal.scale})`;
    if (fixedLength(type) !== undefined) return 'BLOB';
    throw new TypeError(`no DuckDB type for Iceberg type ${type}`);
  }
  if (type.type === 'struct') {
    return `STRUCT(${type.fields.map((field) => `${quoteIdentifier(field.name)} ${duckdbType(field.type)}`).join(', ')})`;
  }
  if (type.type === 'list') return `${duckdbType(type.element)}[]`;
  return `MAP(${duckdbType(type.key)}, ${duckdbType(type.value)})`;
}
