/**
 * Fields the spec requires in manifests and manifest lists. Some writers (BigQuery, DuckDB's Avro
 * COPY) declare them as nullable unions, so a missing value surfaces here, named with where it is.
 */
import { ValidationError } from '../errors.js';

export function requiredField(record: Record<string, unknown>, name: string, fieldId: number, where: string): unknown {
  const value = record[name];
  if (value == null)
    throw new ValidationError(`${where}: required field ${name} (field id ${fieldId}) is missing or null`);
  return value;
}
