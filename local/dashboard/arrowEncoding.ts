/**
 * Query results as Apache Arrow IPC streams, the format chart data travels in. Types map so that
 * nothing is rounded before display: DECIMAL becomes Utf8 holding DuckDB's exact text (the field's
 * metadata names the decimal type), timestamps stay microseconds (Timestamp<MICROSECOND, UTC>),
 * BIGINT stays Int64, DOUBLE Float64; anything else travels as its text.
 */
import { type DuckDBType, DuckDBTypeId, type DuckDBValue } from '@duckdb/node-api';
import {
  Bool,
  type DataType,
  Field,
  Float64,
  Int32,
  Int64,
  makeData,
  makeVector,
  Schema,
  Table,
  TimestampMicrosecond,
  tableToIPC,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { valueToText } from '../../layers/engine/index.js';

/** Field metadata key naming the SQL type a Utf8 column stands for (e.g. `DECIMAL(38,10)`). */
export const SQL_TYPE_KEY = 'lakehouse.sql_type';

export interface ColumnValues {
  readonly name: string;
  readonly type: DuckDBType;
  readonly values: readonly DuckDBValue[];
}

type Encoding = 'utf8' | 'int64' | 'int32' | 'float64' | 'bool' | 'timestamp';

function encodingOf(type: DuckDBType): Encoding {
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
      return 'int64';
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UTINYINT:
      return 'int32';
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
      return 'float64';
    case DuckDBTypeId.BOOLEAN:
      return 'bool';
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return 'timestamp';
    default:
      return 'utf8';
  }
}

function arrowType(encoding: Encoding): DataType {
  switch (encoding) {
    case 'int64':
      return new Int64();
    case 'int32':
      return new Int32();
    case 'float64':
      return new Float64();
    case 'bool':
      return new Bool();
    case 'timestamp':
      return new TimestampMicrosecond('UTC');
    case 'utf8':
      return new Utf8();
  }
}

/** Microseconds since the epoch of a DuckDB timestamp value (TIMESTAMP and TIMESTAMPTZ carry `micros`). */
function micros(value: DuckDBValue, column: string): bigint {
  if (typeof value === 'object' && value !== null && 'micros' in value && typeof value.micros === 'bigint') {
    return value.micros;
  }
  throw new TypeError(`column ${column}: expected a timestamp value, got ${String(value)}`);
}

/** Timestamps as microseconds, built directly: Arrow's builders take milliseconds and would round. */
function timestampVector(column: ColumnValues): Vector {
  const { values } = column;
  const data = new BigInt64Array(values.length);
  const validity = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((value, i) => {
    if (value === null) {
      nullCount++;
      return;
    }
    data[i] = micros(value, column.name);
    validity[i >> 3] = (validity[i >> 3] ?? 0) | (1 << (i & 7));
  });
  return makeVector(
    makeData({ type: new TimestampMicrosecond('UTC'), length: values.length, nullCount, data, nullBitmap: validity }),
  );
}

function vectorOf(column: ColumnValues, encoding: Encoding): Vector {
  const { values } = column;
  switch (encoding) {
    case 'timestamp':
      return timestampVector(column);
    case 'int64':
      return vectorFromArray(
        values.map((v) => (v === null ? null : BigInt(v as bigint | number))),
        new Int64(),
      );
    case 'int32':
      return vectorFromArray(
        values.map((v) => (v === null ? null : Number(v))),
        new Int32(),
      );
    case 'float64':
      return vectorFromArray(
        values.map((v) => (v === null ? null : Number(v))),
        new Float64(),
      );
    case 'bool':
      return vectorFromArray(
        values.map((v) => (v === null ? null : Boolean(v))),
        new Bool(),
      );
    case 'utf8':
      return vectorFromArray(
        values.map((v) => valueToText(v, column.type)),
        new Utf8(),
      );
  }
}

/** An Arrow table of the columns (all of one length), with each Utf8 stand-in's SQL type in its metadata. */
export function arrowTable(columns: readonly ColumnValues[]): Table {
  const fields: Field[] = [];
  const vectors: Record<string, Vector> = {};
  for (const column of columns) {
    const encoding = encodingOf(column.type);
    const metadata =
      encoding === 'utf8' ? new Map([[SQL_TYPE_KEY, column.type.toString()]]) : new Map<string, string>();
    fields.push(new Field(column.name, arrowType(encoding), true, metadata));
    vectors[column.name] = vectorOf(column, encoding);
  }
  if (fields.length === 0) return new Table(new Schema([]));
  return new Table(new Schema(fields), vectors);
}

/** The columns as one Arrow IPC stream. */
export function arrowIpc(columns: readonly ColumnValues[]): Uint8Array {
  return tableToIPC(arrowTable(columns), 'stream');
}

/** Numeric series (one Float64 column each, equal lengths) as one Arrow IPC stream. */
export function numberSeriesIpc(series: Readonly<Record<string, readonly (number | null)[]>>): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, values] of Object.entries(series)) vectors[name] = vectorFromArray([...values], new Float64());
  return tableToIPC(new Table(vectors), 'stream');
}
