/**
 * Field-id assignment. `newSchema` builds a schema from column definitions without ids;
 * `assignFreshIds` renumbers an existing schema. Both number a struct's own fields before
 * descending into them, as Java's TypeUtil.assignFreshIds does, so ids match other engines.
 */
import { Schema } from './schema.js';
import type { IcebergType, NestedField, PrimitiveType } from './types.js';

export type TypeInput =
  | PrimitiveType
  | { readonly type: 'struct'; readonly fields: readonly ColumnInput[] }
  | { readonly type: 'list'; readonly element: TypeInput; readonly elementRequired?: boolean }
  | { readonly type: 'map'; readonly key: TypeInput; readonly value: TypeInput; readonly valueRequired?: boolean };

export interface ColumnInput {
  readonly name: string;
  readonly type: TypeInput;
  readonly required?: boolean;
  readonly doc?: string;
}

class IdCounter {
  constructor(private last: number) {}
  next(): number {
    this.last += 1;
    return this.last;
  }
  get value(): number {
    return this.last;
  }
}

function buildFields(columns: readonly ColumnInput[], ids: IdCounter): NestedField[] {
  const own = columns.map(() => ids.next());
  return columns.map((column, i) => ({
    id: own[i] as number,
    name: column.name,
    required: column.required ?? false,
    type: buildType(column.type, ids),
    ...(column.doc !== undefined ? { doc: column.doc } : {}),
  }));
}

function buildType(input: TypeInput, ids: IdCounter): IcebergType {
  if (typeof input === 'string') return input;
  if (input.type === 'struct') return { type: 'struct', fields: buildFields(input.fields, ids) };
  if (input.type === 'list') {
    const elementId = ids.next();
    return {
      type: 'list',
      elementId,
      element: buildType(input.element, ids),
      elementRequired: input.elementRequired ?? false,
    };
  }
  const keyId = ids.next();
  const valueId = ids.next();
  return {
    type: 'map',
    keyId,
    key: buildType(input.key, ids),
    valueId,
    value: buildType(input.value, ids),
    valueRequired: input.valueRequired ?? false,
  };
}

/** A schema (id 0) from columns; ids start after `lastColumnId` (1 for a new table). */
export function newSchema(
  columns: readonly ColumnInput[],
  identifierFields: readonly string[] = [],
  lastColumnId = 0,
): Schema {
  const fields = buildFields(columns, new IdCounter(lastColumnId));
  const schema = new Schema(fields);
  return new Schema(
    fields,
    0,
    identifierFields.map((name) => schema.field(name).id),
  );
}

/** Types for nested columns added by schema evolution, numbered after `lastColumnId`. */
export function assignTypeIds(input: TypeInput, lastColumnId: number): { type: IcebergType; lastColumnId: number } {
  const ids = new IdCounter(lastColumnId);
  const type = buildType(input, ids);
  return { type, lastColumnId: ids.value };
}

/** Renumbers every field from 1; returns the new schema and the old-to-new id mapping. */
export function assignFreshIds(schema: Schema): { schema: Schema; idMap: Map<number, number> } {
  const ids = new IdCounter(0);
  const idMap = new Map<number, number>();
  const renumberFields = (fields: readonly NestedField[]): NestedField[] => {
    const own = fields.map((field) => {
      const id = ids.next();
      idMap.set(field.id, id);
      return id;
    });
    return fields.map((field, i) => ({ ...field, id: own[i] as number, type: renumberType(field.type) }));
  };
  const renumberType = (type: IcebergType): IcebergType => {
    if (typeof type === 'string') return type;
    if (type.type === 'struct') return { type: 'struct', fields: renumberFields(type.fields) };
    if (type.type === 'list') {
      const elementId = ids.next();
      idMap.set(type.elementId, elementId);
      return { ...type, elementId, element: renumberType(type.element) };
    }
    const keyId = ids.next();
    const valueId = ids.next();
    idMap.set(type.keyId, keyId);
    idMap.set(type.valueId, valueId);
    return { ...type, keyId, valueId, key: renumberType(type.key), value: renumberType(type.value) };
  };
  const fields = renumberFields(schema.fields);
  const identifiers = schema.identifierFieldIds.map((id) => idMap.get(id) ?? id);
  return { schema: new Schema(fields, 0, identifiers), idMap };
}
