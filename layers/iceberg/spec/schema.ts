/**
 * A table schema: a struct with a schema id and identifier fields, indexed by field id and by
 * dotted name ('a.b', list elements as 'a.element', map parts as 'm.key' / 'm.value').
 */
import { ValidationError } from '../errors.js';
import { structFromJson, structToJson } from './typeJson.js';
import type { IcebergType, NestedField, StructType } from './types.js';

export class Schema {
  readonly struct: StructType;
  private readonly byId = new Map<number, NestedField>();
  private readonly byName = new Map<string, NestedField>();
  private readonly byNameLower = new Map<string, NestedField>();
  private readonly nameById = new Map<number, string>();
  private readonly parentById = new Map<number, number>();

  constructor(
    readonly fields: readonly NestedField[],
    readonly schemaId = 0,
    readonly identifierFieldIds: readonly number[] = [],
  ) {
    this.struct = { type: 'struct', fields };
    this.index(fields, '', undefined);
  }

  private index(fields: readonly NestedField[], prefix: string, parent: number | undefined): void {
    for (const field of fields) this.indexField(field, `${prefix}${field.name}`, parent);
  }

  private indexField(field: NestedField, name: string, parent: number | undefined): void {
    if (this.byId.has(field.id)) throw new ValidationError(`duplicate field id ${field.id} (${name})`);
    this.byId.set(field.id, field);
    this.byName.set(name, field);
    this.byNameLower.set(name.toLowerCase(), field);
    this.nameById.set(field.id, name);
    if (parent !== undefined) this.parentById.set(field.id, parent);
    this.indexType(field.type, name, field.id);
  }

  private indexType(type: IcebergType, name: string, parent: number): void {
    if (typeof type === 'string') return;
    if (type.type === 'struct') this.index(type.fields, `${name}.`, parent);
    else if (type.type === 'list')
      this.indexField(
        { id: type.elementId, name: 'element', required: type.elementRequired, type: type.element },
        `${name}.element`,
        parent,
      );
    else {
      this.indexField({ id: type.keyId, name: 'key', required: true, type: type.key }, `${name}.key`, parent);
      this.indexField(
        { id: type.valueId, name: 'value', required: type.valueRequired, type: type.value },
        `${name}.value`,
        parent,
      );
    }
  }

  findField(idOrName: number | string, caseSensitive = true): NestedField | undefined {
    if (typeof idOrName === 'number') return this.byId.get(idOrName);
    return caseSensitive ? this.byName.get(idOrName) : this.byNameLower.get(idOrName.toLowerCase());
  }

  /** Like findField, but throws a ValidationError naming the missing column. */
  field(idOrName: number | string, caseSensitive = true): NestedField {
    const field = this.findField(idOrName, caseSensitive);
    if (!field) throw new ValidationError(`schema ${this.schemaId} has no field ${String(idOrName)}`);
    return field;
  }

  findColumnName(id: number): string | undefined {
    return this.nameById.get(id);
  }

  /** Id of the field that contains this one (struct, list or map), undefined at top level. */
  parentId(id: number): number | undefined {
    return this.parentById.get(id);
  }

  /** Every field id in the schema, nested included. */
  allFieldIds(): number[] {
    return [...this.byId.keys()];
  }

  highestFieldId(): number {
    let highest = 0;
    for (const id of this.byId.keys()) highest = Math.max(highest, id);
    return highest;
  }

  /** True when the same fields (ids, names, types, requiredness) and identifier fields. */
  sameStructure(other: Schema): boolean {
    return (
      JSON.stringify(structToJson(this.struct)) === JSON.stringify(structToJson(other.struct)) &&
      JSON.stringify(this.identifierFieldIds) === JSON.stringify(other.identifierFieldIds)
    );
  }

  withSchemaId(schemaId: number): Schema {
    return new Schema(this.fields, schemaId, this.identifierFieldIds);
  }

  toJSON(): Record<string, unknown> {
    return {
      ...structToJson(this.struct),
      'schema-id': this.schemaId,
      ...(this.identifierFieldIds.length > 0 ? { 'identifier-field-ids': [...this.identifierFieldIds] } : {}),
    };
  }

  static fromJson(value: unknown): Schema {
    const obj = value as Record<string, unknown>;
    const struct = structFromJson(obj);
    const ids = Array.isArray(obj['identifier-field-ids']) ? (obj['identifier-field-ids'] as number[]).map(Number) : [];
    return new Schema(struct.fields, Number(obj['schema-id'] ?? 0), ids);
  }
}
