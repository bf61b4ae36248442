/**
 * Partition values computed inside DuckDB: one SQL expression per partition field giving a
 * canonical text-convertible value (days, micros, unscaled...), and the conversion back.
 */
import { quoteIdentifier } from '../../duckdb/index.js';
import { ValidationError } from '../errors.js';
import type { PartitionField } from '../spec/partitionSpec.js';
import type { Schema } from '../spec/schema.js';
import { transformResultType } from '../spec/transforms.js';
import { decimalParams, fixedLength, type IcebergType, isPrimitive } from '../spec/types.js';
import { type IcebergValue, parseDecimal, toValue } from '../spec/values.js';

const MICROS_PER_DAY = 86_400_000_000n;
const MICROS_PER_HOUR = 3_600_000_000n;

function floorDiv(x: string, d: bigint): string {
  return `((${x}) - (((${x}) % ${d}) + ${d}) % ${d}) // ${d}`;
}

function epochMicros(column: string, type: IcebergType): string {
  switch (type) {
    case 'date':
      return `(CAST(${column} - DATE '1970-01-01' AS BIGINT) * ${MICROS_PER_DAY})`;
    case 'timestamp':
    case 'timestamptz':
      return `epoch_us(${column})`;
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return `(epoch_ns(${column}) // 1000)`;
    case 'time':
      return `epoch_us(TIMESTAMP '1970-01-01' + ${column})`;
  }
  throw new ValidationError(`time transforms need a date or timestamp column, not ${JSON.stringify(type)}`);
}

/** Canonical form of a source value for identity partitions and bucket hashing of integers. */
function canonical(column: string, type: IcebergType): string {
  if (decimalParams(type) || type === 'uuid') return `CAST(${column} AS VARCHAR)`;
  if (type === 'binary' || fixedLength(type) !== undefined) return `hex(${column})`;
  if (type === 'date') return `CAST(${column} - DATE '1970-01-01' AS BIGINT)`;
  if (type === 'time' || (typeof type === 'string' && type.startsWith('timestamp'))) return epochMicros(column, type);
  return column;
}

/** The DuckDB expression computing a partition field from its source column. */
export function partitionExpression(schema: Schema, field: PartitionField): string {
  const source = schema.field(field.sourceId);
  const type = source.type;
  if (!isPrimitive(type)) throw new ValidationError(`cannot partition by nested column ${source.name}`);
  const path = (schema.findColumnName(source.id) ?? source.name).split('.').map(quoteIdentifier).join('.');
  const t = field.transform;
  switch (t.kind) {
    case 'void':
      return 'CAST(NULL AS VARCHAR)';
    case 'identity':
      return canonical(path, type);
    case 'year':
    case 'month': {
      const naive = type === 'date' ? path : `make_timestamp(${epochMicros(path, type)})`;
      return t.kind === 'year' ? `(year(${naive}) - 1970)` : `((year(${naive}) - 1970) * 12 + month(${naive}) - 1)`;
    }
    case 'day':
      return floorDiv(epochMicros(path, type), MICROS_PER_DAY);
    case 'hour':
      return floorDiv(epochMicros(path, type), MICROS_PER_HOUR);
    case 'bucket': {
      const decimal = decimalParams(type);
      if (decimal) return `iceberg_bucket_decimal(CAST(${path} AS VARCHAR), ${decimal.scale}, ${t.n})`;
      if (type === 'string') return `iceberg_bucket_string(${path}, ${t.n})`;
      if (type === 'uuid') return `iceberg_bucket_uuid(CAST(${path} AS VARCHAR), ${t.n})`;
      if (type === 'binary' || fixedLength(type) !== undefined) return `iceberg_bucket_bytes(${path}, ${t.n})`;
      return `iceberg_bucket_long(CAST(${canonical(path, type)} AS BIGINT), ${t.n})`;
    }
    case 'truncate': {
      const w = t.width;
      if (type === 'int' || type === 'long') return `(${path} - (((${path} % ${w}) + ${w}) % ${w}))`;
      if (type === 'string') return `substring(${path}, 1, ${w})`;
      const decimal = decimalParams(type);
      if (decimal) {
        const unscaled = `CAST(${path} * ${10n ** BigInt(decimal.scale)} AS HUGEINT)`;
        return `(${unscaled} - (((${unscaled} % ${w}) + ${w}) % ${w}))`;
      }
      throw new ValidationError(`truncate partitioning of ${type} columns is not supported by the writer`);
    }
  }
}

/** Converts the text DuckDB reports for a partition expression back to the partition value. */
export function partitionValueFromText(
  schema: Schema,
  field: PartitionField,
  text: string | null,
): IcebergValue | null {
  if (text === null) return null;
  const sourceType = schema.field(field.sourceId).type;
  const type = transformResultType(field.transform, sourceType);
  if (!isPrimitive(type)) throw new ValidationError(`partition field ${field.name} has a nested type`);
  const decimal = decimalParams(type);
  if (decimal) return field.transform.kind === 'truncate' ? BigInt(text) : parseDecimal(text, decimal.scale);
  if (type === 'binary' || fixedLength(type) !== undefined) return new Uint8Array(Buffer.from(text, 'hex'));
  if (type === 'date') return Number(text);
  if (type === 'time' || type.startsWith('timestamp')) return BigInt(text);
  return toValue(type, text);
}
