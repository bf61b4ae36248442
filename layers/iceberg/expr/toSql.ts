/**
 * Bound expressions as DuckDB SQL over the schema's column names, with literals typed like their
 * column (exact decimals, microsecond timestamps). Used to rewrite files and by query engines.
 */
import { quoteIdentifier, quoteString } from '../../engine/parquet/copyToParquet.js';
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

export function sqlLiteral(type: PrimitiveType, value: IcebergValue): string {
  const decimal = decimalParams(type);
  if (decimal)
    return `CAST(${quoteString(formatDecimal(value as bigint, decimal.scale))} AS DECIMAL(${decimal.precision}, ${decimal.scale}))`;
  switch (type) {
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'int':
      return `CAST(${value} AS INTEGER)`;
    case 'long':
      return `CAST(${value} AS BIGINT)`;
    case 'float':
      return `CAST(${quoteString(String(value))} AS FLOAT)`;
    case 'double':
      return `CAST(${quoteString(String(value))} AS DOUBLE)`;
    case 'date':
      return `DATE ${quoteString(new Date((value as number) * 86_400_000).toISOString().slice(0, 10))}`;
    case 'time': {
      const micros = value as bigint;
      return `TIME ${quoteString(isoFromMicros(micros).slice(11))}`;
    }
    case 'timestamp':
      return `TIMESTAMP ${quoteString(isoFromMicros(value as bigint))}`;
    case 'timestamptz':
      return `TIMESTAMPTZ ${quoteString(`${isoFromMicros(value as bigint)}+00`)}`;
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return `make_timestamp_ns(CAST(${value} AS BIGINT))`;
    case 'string':
      return quoteString(value as string);
    case 'uuid':
      return `CAST(${quoteString(value as string)} AS UUID)`;
    default:
      return `unhex(${quoteString(Buffer.from(value as Uint8Array).toString('hex'))})`;
  }
}

function predicateSql(schema: Schema, pred: BoundPredicate): string {
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
      return `${column} IN (${pred.values.map((v) => sqlLiteral(pred.type, v)).join(', ')})`;
    case 'notIn':
      return `${column} NOT IN (${pred.values.map((v) => sqlLiteral(pred.type, v)).join(', ')})`;
  }
  const op = { eq: '=', notEq: '<>', lt: '<', ltEq: '<=', gt: '>', gtEq: '>=' }[pred.op];
  return `${column} ${op} ${sqlLiteral(pred.type, pred.value)}`;
}

/** SQL for the expression; column names are those of `schema` (the schema the rows are read with). */
export function toSql(schema: Schema, expr: BoundExpression): string {
  switch (expr.op) {
    case 'true':
      return 'TRUE';
    case 'false':
      return 'FALSE';
    case 'and':
      return `(${toSql(schema, expr.left)} AND ${toSql(schema, expr.right)})`;
    case 'or':
      return `(${toSql(schema, expr.left)} OR ${toSql(schema, expr.right)})`;
    default:
      return `(${predicateSql(schema, expr)})`;
  }
}
