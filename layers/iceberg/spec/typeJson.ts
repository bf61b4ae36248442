/** Iceberg type JSON (spec Appendix C) to and from the in-memory types. */
import { ValidationError } from '../errors.js';
import { toNumber } from '../json/bigintJson.js';
import { type IcebergType, type NestedField, parsePrimitive, type StructType } from './types.js';

type Json = Record<string, unknown>;

function asObject(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValidationError(`${what}: expected an object`);
  return value as Json;
}

export function typeFromJson(value: unknown): IcebergType {
  if (typeof value === 'string') return parsePrimitive(value);
  const obj = asObject(value, 'type');
  switch (obj.type) {
    case 'struct':
      return structFromJson(obj);
    case 'list':
      return {
        type: 'list',
        elementId: toNumber(obj['element-id'], 'element-id'),
        element: typeFromJson(obj.element),
        elementRequired: obj['element-required'] === true,
      };
    case 'map':
      return {
        type: 'map',
        keyId: toNumber(obj['key-id'], 'key-id'),
        key: typeFromJson(obj.key),
        valueId: toNumber(obj['value-id'], 'value-id'),
        value: typeFromJson(obj.value),
        valueRequired: obj['value-required'] === true,
      };
    default:
      throw new ValidationError(`unknown nested type: ${String(obj.type)}`);
  }
}

export function structFromJson(value: unknown): StructType {
  const obj = asObject(value, 'struct');
  if (!Array.isArray(obj.fields)) throw new ValidationError('struct: missing fields');
  return { type: 'struct', fields: obj.fields.map(fieldFromJson) };
}

function fieldFromJson(value: unknown): NestedField {
  const obj = asObject(value, 'field');
  const field: NestedField = {
    id: toNumber(obj.id, 'field id'),
    name: String(obj.name),
    required: obj.required === true,
    type: typeFromJson(obj.type),
    ...(typeof obj.doc === 'string' ? { doc: obj.doc } : {}),
    ...('initial-default' in obj ? { initialDefault: obj['initial-default'] } : {}),
    ...('write-default' in obj ? { writeDefault: obj['write-default'] } : {}),
  };
  return field;
}

export function typeToJson(type: IcebergType): unknown {
  if (typeof type === 'string') return type;
  if (type.type === 'struct') return structToJson(type);
  if (type.type === 'list')
    return {
      type: 'list',
      'element-id': type.elementId,
      element: typeToJson(type.element),
      'element-required': type.elementRequired,
    };
  return {
    type: 'map',
    'key-id': type.keyId,
    key: typeToJson(type.key),
    'value-id': type.valueId,
    value: typeToJson(type.value),
    'value-required': type.valueRequired,
  };
}

export function structToJson(struct: StructType): Json {
  return { type: 'struct', fields: struct.fields.map(fieldToJson) };
}

function fieldToJson(field: NestedField): Json {
  return {
    id: field.id,
    name: field.name,
    required: field.required,
    type: typeToJson(field.type),
    ...(field.doc !== undefined ? { doc: field.doc } : {}),
    ...(field.initialDefault !== undefined ? { 'initial-default': field.initialDefault } : {}),
    ...(field.writeDefault !== undefined ? { 'write-default': field.writeDefault } : {}),
  };
}
