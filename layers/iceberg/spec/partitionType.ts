/** The partition struct of any spec of a table, even when its source column was since dropped. */
import { Schema } from './schema.js';
import { currentSchema, specById, type TableMetadata } from './tableMetadata.js';
import { transformResultType } from './transforms.js';
import type { NestedField, StructType } from './types.js';

export function partitionTypeFor(md: TableMetadata, specId: number): StructType {
  const spec = specById(md, specId);
  const current = currentSchema(md);
  const fields: NestedField[] = spec.fields.map((f) => {
    let source = current.findField(f.sourceId);
    for (let i = md.schemas.length - 1; source === undefined && i >= 0; i--)
      source = md.schemas[i]?.findField(f.sourceId);
    return {
      id: f.fieldId,
      name: f.name,
      required: false,
      type: transformResultType(f.transform, source?.type ?? 'int'),
    };
  });
  return { type: 'struct', fields };
}

/** A schema holding every column any schema of the table ever had (latest definition wins). */
export function unionSchema(md: TableMetadata): Schema {
  const current = currentSchema(md);
  const extra = md.schemas.flatMap((s) => s.fields).filter((f) => current.findField(f.id) === undefined);
  const seen = new Set<number>();
  const unique = extra.filter((f) => !seen.has(f.id) && seen.add(f.id));
  return unique.length === 0 ? current : new Schema([...current.fields, ...unique], current.schemaId);
}
