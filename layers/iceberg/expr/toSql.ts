/**
 * Bound expressions as DuckDB SQL over the schema's column names, with the literals as typed
 * parameters (so no value, whatever it holds, becomes SQL text). Used to rewrite files.
 */
import { quoteIdentifier } from '../../duckdb/index.js';
import type { Schema } from '../spec/schema.js';
import { decimalParams, type PrimitiveType } from '../spec/types.js';
import { formatDecimal, type IcebergValue } from '../spec/values.js';
import type { BoundExpression, BoundPredicate } from './bind.js';

function isoFromMicros(micros: bigint): string {
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const fraction = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction.toString().padStart(6, '0')}`;
}

/** A SQL fragment and the values of its `$n` parameters (values never become SQL text). */
export interface BoundSql {
  readonly sql: string;
  readonly params: readonly string[];
}

/** The DuckDB type a literal of `type` is cast to; every parameter travels as text and is cast in SQL. */
function castTarget(type: PrimitiveType): string {
  const decimal = decimalParams(type);
  if (decimal) return `DECIMAL(${decimal.precision}, ${decimal.scale})`;
  switch (type) {
    case 'boolean':
      return 'BOOLEAN';
    case 'int':
      return 'INTEGER';
    case 'long':
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return 'BIGINT';
    case 'float':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'timestamptz':
      return 'TIMESTAMPTZ';
    case 'uuid':
      return 'UUID';
    default:
      return 'VARCHAR';
  }
}

/** The text of an Iceberg value that casts to `castTarget(type)`. */
function literalText(type: PrimitiveType, value: IcebergValue): string {
  const decimal = decimalParams(type);
  if (decimal) return formatDecimal(value as bigint, decimal.scale);
  switch (type) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'date':
      return new Date((value as number) * 86_400_000).toISOString().slice(0, 10);
    case 'time':
      return isoFromMicros(value as bigint).slice(11);
    case 'timestamp':
      return isoFromMicros(value as bigint);
    case 'timestamptz':
      return `${isoFromMicros(value as bigint)}+00`;
    case 'string':
    case 'uuid':
      return value as string;
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return String(value);
    default:
      return Buffer.from(value as Uint8Array).toString('hex');
  }
}

/** A typed parameter reference for `value`, its text appended to `params`. */
function parameter(type: PrimitiveType, value: IcebergValue, params: string[]): string {
  params.push(literalText(type, value));
  const ref = `CAST($${params.length} AS ${castTarget(type)})`;
  if (type === 'timestamp_ns' || type === 'timestamptz_ns') return `make_timestamp_ns(${ref})`;
  if (type === 'binary' || type.startsWith('fixed')) return `unhex($${params.length})`;
  return ref;
}

function predicateSql(schema: Schema, pred: BoundPredicate, params: string[]): string {
  const name = schema.findColumnName(pred.fieldId) ?? String(pred.fieldId);
  const column = name.split('.').map(quoteIdentifier).join('.');
  switch (pred.op) {
    case 'isNull':
      return `${column} IS NULL`;
    case 'notNull':
      return `${column} IS NOT NULL`;
    case 'isNaN':
      return `isnan(${column})`;
    case 'notNaN':
      return `NOT isnan(${column})`;
    case 'in':
      return `${column} IN (${pred.values.map((v) => parameter(pred.type, v, params)).join(', ')})`;
    case 'notIn':
      return `${column} NOT IN (${pred.values.map((v) => parameter(pred.type, v, params)).join(', ')})`;
  }
  const op = { eq: '=', notEq: '<>', lt: '<', ltEq: '<=', gt: '>', gtEq: '>=' }[pred.op];
  return `${column} ${op} ${parameter(pred.type, pred.value, params)}`;
}

function expressionSql(schema: Schema, expr: BoundExpression, params: string[]): string {
  switch (expr.op) {
    case 'true':
      return 'TRUE';
    case 'false':
      return 'FALSE';
    case 'and':
      return `(${expressionSql(schema, expr.left, params)} AND ${expressionSql(schema, expr.right, params)})`;
    case 'or':
      return `(${expressionSql(schema, expr.left, params)} OR ${expressionSql(schema, expr.right, params)})`;
    default:
      return `(${predicateSql(schema, expr, params)})`;
  }
}

/**
 * The expression as DuckDB SQL over the column names of `schema` (the schema the rows are read with),
 * its literals as `$1..$n` parameters typed like their column (exact decimals, microsecond times).
 */
export function toSql(schema: Schema, expr: BoundExpression): BoundSql {
  const params: string[] = [];
  const sql = expressionSql(schema, expr, params);
  return { sql, params };
}
