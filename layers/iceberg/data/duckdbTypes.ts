/** Iceberg types as DuckDB SQL types, and the Parquet field-id tree of a schema. */
import type { FieldIdTree } from '../../duckdb/index.js';
import { quoteIdentifier } from '../../duckdb/index.js';
import { ValidationError } from '../errors.js';
import type { Schema } from '../spec/schema.js';
import { decimalParams, fixedLength, type IcebergType, type NestedField } from '../spec/types.js';

export function duckdbType(type: IcebergType): string {
  if (typeof type === 'string') {
    const decimal = decimalParams(type);
    if (decimal) return `DECIMAL(${decimal.precision}, ${decimal.scale})`;
    if (fixedLength(type) !== undefined) return 'BLOB';
    switch (type) {
      case 'boolean':
        return 'BOOLEAN';
      case 'int':
        return 'INTEGER';
      case 'long':
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
      case 'timestamp_ns':
        return 'TIMESTAMP_NS';
      case 'timestamptz_ns':
        return 'TIMESTAMPTZ';
      case 'string':
        return 'VARCHAR';
      case 'uuid':
        return 'UUID';
      default:
        return 'BLOB';
    }
  }
  if (type.type === 'struct')
    return `STRUCT(${type.fields.map((f) => `${quoteIdentifier(f.name)} ${duckdbType(f.type)}`).join(', ')})`;
  if (type.type === 'list') return `${duckdbType(type.element)}[]`;
  return `MAP(${duckdbType(type.key)}, ${duckdbType(type.value)})`;
}

function typeTree(id: number, type: IcebergType): FieldIdTree {
  if (typeof type === 'string') return id;
  if (type.type === 'struct') return { id, children: fieldTrees(type.fields) };
  if (type.type === 'list') return { id, children: { element: typeTree(type.elementId, type.element) } };
  return { id, children: { key: typeTree(type.keyId, type.key), value: typeTree(type.valueId, type.value) } };
}

function fieldTrees(fields: readonly NestedField[]): Record<string, FieldIdTree> {
  const out: Record<string, FieldIdTree> = {};
  for (const field of fields) out[field.name] = typeTree(field.id, field.type);
  return out;
}

/** The FIELD_IDS argument for COPY: Parquet field ids equal to the Iceberg ids, nested included. */
export function fieldIdTree(schema: Schema): Record<string, FieldIdTree> {
  return fieldTrees(schema.fields);
}

/** `SELECT` list that casts a query's columns to the schema's types, in schema order (absent optional columns become NULL). */
export function castSelectList(schema: Schema, available: ReadonlySet<string>): string {
  const missing = schema.fields.filter((f) => f.required && !available.has(f.name)).map((f) => f.name);
  if (missing.length > 0) throw new ValidationError(`the rows to write lack required column(s) ${missing.join(', ')}`);
  return schema.fields
    .map((f) => {
      const source = available.has(f.name) ? quoteIdentifier(f.name) : 'NULL';
      return `CAST(${source} AS ${duckdbType(f.type)}) AS ${quoteIdentifier(f.name)}`;
    })
    .join(', ');
}
