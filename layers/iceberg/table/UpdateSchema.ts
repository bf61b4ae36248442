/**
 * Schema evolution: add (top level or inside a struct), rename, drop, widen, make optional, reorder.
 * Changes are recorded and re-applied to the latest schema on every commit attempt; the commit
 * requires the schema it was built on to still be current.
 */
import { ValidationError } from '../errors.js';
import { Schema } from '../spec/schema.js';
import { assignTypeIds, type TypeInput } from '../spec/schemaBuilder.js';
import { currentSchema, defaultSpec, type TableMetadata } from '../spec/tableMetadata.js';
import { canPromote, isPrimitive, type NestedField, type PrimitiveType } from '../spec/types.js';
import { commitWithRetry } from './commitRetry.js';
import type { Table } from './Table.js';

type Change =
  | {
      readonly kind: 'add';
      readonly parent?: string;
      readonly name: string;
      readonly type: TypeInput;
      readonly doc?: string;
    }
  | { readonly kind: 'rename'; readonly name: string; readonly newName: string }
  | { readonly kind: 'delete'; readonly name: string }
  | { readonly kind: 'widen'; readonly name: string; readonly type: PrimitiveType }
  | { readonly kind: 'optional'; readonly name: string }
  | {
      readonly kind: 'move';
      readonly name: string;
      readonly position: 'first' | 'before' | 'after';
      readonly reference?: string;
    }
  | { readonly kind: 'identifiers'; readonly names: readonly string[] };

function mapFields(fields: readonly NestedField[], fn: (f: NestedField) => NestedField | undefined): NestedField[] {
  const out: NestedField[] = [];
  for (const field of fields) {
    let next: NestedField | undefined = field;
    if (typeof field.type === 'object' && field.type.type === 'struct')
      next = { ...field, type: { type: 'struct', fields: mapFields(field.type.fields, fn) } };
    next = fn(next);
    if (next) out.push(next);
  }
  return out;
}

/** `fields` with `id` moved first, or just before or after `referenceId`. */
function reorder(
  fields: readonly NestedField[],
  id: number,
  position: 'first' | 'before' | 'after',
  referenceId: number | undefined,
): NestedField[] {
  const moved = fields.find((f) => f.id === id);
  const rest = fields.filter((f) => f.id !== id);
  if (!moved) return [...fields];
  if (position === 'first') return [moved, ...rest];
  const at = rest.findIndex((f) => f.id === referenceId) + (position === 'after' ? 1 : 0);
  return [...rest.slice(0, at), moved, ...rest.slice(at)];
}

export class UpdateSchema {
  private readonly changes: Change[] = [];

  constructor(private readonly table: Table) {}

  /** Adds an optional column; `parent` names a struct column to add it into. */
  addColumn(name: string, type: TypeInput, options: { readonly parent?: string; readonly doc?: string } = {}): this {
    this.changes.push({ kind: 'add', name, type, ...options });
    return this;
  }

  renameColumn(name: string, newName: string): this {
    this.changes.push({ kind: 'rename', name, newName });
    return this;
  }

  deleteColumn(name: string): this {
    this.changes.push({ kind: 'delete', name });
    return this;
  }

  /** Widens a primitive column (int->long, float->double, decimal precision up). */
  updateColumn(name: string, type: PrimitiveType): this {
    this.changes.push({ kind: 'widen', name, type });
    return this;
  }

  makeColumnOptional(name: string): this {
    this.changes.push({ kind: 'optional', name });
    return this;
  }

  /** Moves a column to the start of its struct (readers resolve columns by id, so data files stay valid). */
  moveFirst(name: string): this {
    this.changes.push({ kind: 'move', name, position: 'first' });
    return this;
  }

  /** Moves a column just before `reference`, a column of the same struct. */
  moveBefore(name: string, reference: string): this {
    this.changes.push({ kind: 'move', name, position: 'before', reference });
    return this;
  }

  /** Moves a column just after `reference`, a column of the same struct. */
  moveAfter(name: string, reference: string): this {
    this.changes.push({ kind: 'move', name, position: 'after', reference });
    return this;
  }

  /** Sets the identifier (row key) fields; they must be required primitive columns. */
  setIdentifierFields(...names: string[]): this {
    this.changes.push({ kind: 'identifiers', names });
    return this;
  }

  /** The evolved schema against `base` (throws ValidationError when a change does not apply). */
  apply(base: TableMetadata): { schema: Schema; lastColumnId: number } {
    let schema = currentSchema(base);
    let lastColumnId = base.lastColumnId;
    const table = this.table.name;
    for (const change of this.changes) {
      if (change.kind === 'add') {
        const fullName = change.parent ? `${change.parent}.${change.name}` : change.name;
        if (schema.findField(fullName))
          throw new ValidationError(`cannot add ${fullName} to ${table}: it already exists`);
        const assigned = assignTypeIds(change.type, lastColumnId + 1);
        const field: NestedField = {
          id: lastColumnId + 1,
          name: change.name,
          required: false,
          type: assigned.type,
          ...(change.doc !== undefined ? { doc: change.doc } : {}),
        };
        lastColumnId = assigned.lastColumnId;
        if (!change.parent) schema = new Schema([...schema.fields, field], schema.schemaId, schema.identifierFieldIds);
        else {
          const parent = schema.field(change.parent);
          if (typeof parent.type !== 'object' || parent.type.type !== 'struct')
            throw new ValidationError(`cannot add ${fullName} to ${table}: ${change.parent} is not a struct`);
          schema = new Schema(
            mapFields(schema.fields, (f) =>
              f.id === parent.id && typeof f.type === 'object' && f.type.type === 'struct'
                ? { ...f, type: { type: 'struct', fields: [...f.type.fields, field] } }
                : f,
            ),
            schema.schemaId,
            schema.identifierFieldIds,
          );
        }
        continue;
      }
      if (change.kind === 'identifiers') {
        const ids = change.names.map((name) => {
          const field = schema.findField(name);
          if (!field?.required || !isPrimitive(field.type))
            throw new ValidationError(
              `identifier field ${name} of ${table} must be an existing required primitive column`,
            );
          return field.id;
        });
        schema = new Schema(schema.fields, schema.schemaId, ids);
        continue;
      }
      const target = schema.findField(change.name);
      if (!target) throw new ValidationError(`cannot ${change.kind} column ${change.name} of ${table}: no such column`);
      const update = (fn: (f: NestedField) => NestedField | undefined) => {
        schema = new Schema(
          mapFields(schema.fields, (f) => (f.id === target.id ? fn(f) : f)),
          schema.schemaId,
          schema.identifierFieldIds.filter((id) => change.kind !== 'delete' || id !== target.id),
        );
      };
      switch (change.kind) {
        case 'rename':
          update((f) => ({ ...f, name: change.newName }));
          break;
        case 'delete':
          if (defaultSpec(base).fields.some((p) => p.sourceId === target.id))
            throw new ValidationError(`cannot drop ${change.name} of ${table}: the current partition spec uses it`);
          update(() => undefined);
          break;
        case 'widen':
          if (!isPrimitive(target.type) || !canPromote(target.type, change.type))
            throw new ValidationError(
              `cannot change ${change.name} of ${table} from ${String(target.type)} to ${change.type}`,
            );
          update((f) => ({ ...f, type: change.type }));
          break;
        case 'optional':
          update((f) => ({ ...f, required: false }));
          break;
        case 'move': {
          const parentId = schema.parentId(target.id);
          const reference = change.reference === undefined ? undefined : schema.findField(change.reference);
          if (change.reference !== undefined && !reference)
            throw new ValidationError(`cannot move ${change.name} of ${table}: no column ${change.reference}`);
          if (reference && schema.parentId(reference.id) !== parentId)
            throw new ValidationError(
              `cannot move ${change.name} of ${table} ${change.position} ${change.reference}: they are in different structs`,
            );
          if (reference?.id === target.id)
            throw new ValidationError(`cannot move ${change.name} of ${table} relative to itself`);
          if (parentId !== undefined) {
            const parent = schema.field(parentId);
            if (typeof parent.type !== 'object' || parent.type.type !== 'struct')
              throw new ValidationError(`cannot move ${change.name} of ${table}: it is not a struct field`);
          }
          const order = (fields: readonly NestedField[]) => reorder(fields, target.id, change.position, reference?.id);
          schema = new Schema(
            parentId === undefined
              ? order(schema.fields)
              : mapFields(schema.fields, (f) =>
                  f.id === parentId && typeof f.type === 'object' && f.type.type === 'struct'
                    ? { ...f, type: { type: 'struct', fields: order(f.type.fields) } }
                    : f,
                ),
            schema.schemaId,
            schema.identifierFieldIds,
          );
          break;
        }
      }
    }
    return { schema, lastColumnId };
  }

  async commit(): Promise<Schema> {
    const md = await commitWithRetry(this.table, async (base) => {
      const { schema, lastColumnId } = this.apply(base);
      return {
        requirements: [
          { type: 'assert-current-schema-id', currentSchemaId: base.currentSchemaId },
          { type: 'assert-last-assigned-field-id', lastAssignedFieldId: base.lastColumnId },
        ],
        updates: [
          { action: 'add-schema', schema, lastColumnId },
          { action: 'set-current-schema', schemaId: -1 },
        ],
      };
    });
    return currentSchema(md);
  }
}
