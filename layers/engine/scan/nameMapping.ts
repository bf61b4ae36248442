/**
 * The table property `schema.name-mapping.default` (spec "Column Projection"): for files without
 * field ids, which file column names stand for which field id.
 */
import { InconsistentTableError } from '../errors.js';

export const NAME_MAPPING_PROPERTY = 'schema.name-mapping.default';

interface MappedField {
  readonly names?: readonly string[];
  readonly 'field-id'?: number;
}

/** Top-level field id -> the names a file may use for it. */
export function parseNameMapping(json: string, table: string): Map<number, readonly string[]> {
  let fields: unknown;
  try {
    fields = JSON.parse(json);
  } catch (error) {
    throw new InconsistentTableError(`table ${table}: ${NAME_MAPPING_PROPERTY} is not valid JSON`, { cause: error });
  }
  const mapping = new Map<number, readonly string[]>();
  if (!Array.isArray(fields)) return mapping;
  for (const field of fields as MappedField[]) {
    if (typeof field['field-id'] === 'number' && Array.isArray(field.names))
      mapping.set(field['field-id'], field.names);
  }
  return mapping;
}
