/**
 * Iceberg's type system. Primitive types are their spec strings ('long', 'decimal(38, 9)',
 * 'fixed[16]'), so a schema's JSON form and its in-memory form are the same for primitives.
 */
import { ValidationError } from '../errors.js';

export type SimplePrimitive =
  | 'boolean'
  | 'int'
  | 'long'
  | 'float'
  | 'double'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'timestamp_ns'
  | 'timestamptz_ns'
  | 'string'
  | 'uuid'
  | 'binary';

export type DecimalTypeName = `decimal(${number}, ${number})`;
export type FixedTypeName = `fixed[${number}]`;
export type PrimitiveType = SimplePrimitive | DecimalTypeName | FixedTypeName;

export interface NestedField {
  readonly id: number;
  readonly name: string;
  readonly required: boolean;
  readonly type: IcebergType;
  readonly doc?: string;
  /** JSON single-value form (spec Appendix C), as read from metadata. */
  readonly initialDefault?: unknown;
  readonly writeDefault?: unknown;
}

export interface StructType {
  readonly type: 'struct';
  readonly fields: readonly NestedField[];
}

export interface ListType {
  readonly type: 'list';
  readonly elementId: number;
  readonly element: IcebergType;
  readonly elementRequired: boolean;
}

export interface MapType {
  readonly type: 'map';
  readonly keyId: number;
  readonly key: IcebergType;
  readonly valueId: number;
  readonly value: IcebergType;
  readonly valueRequired: boolean;
}

export type IcebergType = PrimitiveType | StructType | ListType | MapType;

const SIMPLE = new Set<string>([
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'timestamp_ns',
  'timestamptz_ns',
  'string',
  'uuid',
  'binary',
]);
const DECIMAL = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;
const FIXED = /^fixed\[\s*(\d+)\s*\]$/;

export function isPrimitive(type: IcebergType): type is PrimitiveType {
  return typeof type === 'string';
}

export function decimalType(precision: number, scale: number): DecimalTypeName {
  if (precision < 1 || precision > 38 || scale < 0 || scale > precision)
    throw new ValidationError(`invalid decimal(${precision}, ${scale})`);
  return `decimal(${precision}, ${scale})`;
}

export function fixedType(length: number): FixedTypeName {
  return `fixed[${length}]`;
}

/** Precision and scale of a decimal type, or undefined for any other type. */
export function decimalParams(type: IcebergType): { precision: number; scale: number } | undefined {
  if (typeof type !== 'string') return undefined;
  const match = DECIMAL.exec(type);
  return match ? { precision: Number(match[1]), scale: Number(match[2]) } : undefined;
}

export function fixedLength(type: IcebergType): number | undefined {
  if (typeof type !== 'string') return undefined;
  const match = FIXED.exec(type);
  return match ? Number(match[1]) : undefined;
}

/** Parses a primitive type string, normalising spacing ('decimal(9,2)' -> 'decimal(9, 2)'). */
export function parsePrimitive(text: string): PrimitiveType {
  if (SIMPLE.has(text)) return text as SimplePrimitive;
  const decimal = DECIMAL.exec(text);
  if (decimal) return decimalType(Number(decimal[1]), Number(decimal[2]));
  const fixed = FIXED.exec(text);
  if (fixed) return fixedType(Number(fixed[1]));
  throw new ValidationError(`unknown Iceberg type: ${text}`);
}

/** The spec's allowed type promotions (schema evolution "widen type"). */
export function canPromote(from: PrimitiveType, to: PrimitiveType): boolean {
  if (from === to) return true;
  if (from === 'int' && to === 'long') return true;
  if (from === 'float' && to === 'double') return true;
  const a = decimalParams(from);
  const b = decimalParams(to);
  return a !== undefined && b !== undefined && a.scale === b.scale && b.precision >= a.precision;
}

export function typeToString(type: IcebergType): string {
  if (typeof type === 'string') return type;
  if (type.type === 'struct')
    return `struct<${type.fields.map((f) => `${f.name}: ${typeToString(f.type)}`).join(', ')}>`;
  if (type.type === 'list') return `list<${typeToString(type.element)}>`;
  return `map<${typeToString(type.key)}, ${typeToString(type.value)}>`;
}
