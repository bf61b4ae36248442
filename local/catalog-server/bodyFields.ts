/** Typed fields of a JSON request body; a malformed one is a 400 naming the field. */
import { badRequest } from './restErrors.js';

/** A required non-empty string (a name, a location). */
export function nameFromBody(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw badRequest(`${what} must be a non-empty string`);
  return value;
}

/** An optional object of string values (properties, updates). */
export function stringMap(value: unknown, what: string): Record<string, string> {
  if (value == null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${what} must be an object of strings`);
  for (const [key, entry] of Object.entries(value))
    if (typeof entry !== 'string') throw badRequest(`${what}.${key} must be a string`);
  return value as Record<string, string>;
}

/** An optional list of strings (removals). */
export function stringList(value: unknown, what: string): string[] {
  if (value == null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw badRequest(`${what} must be a list of strings`);
  return value as string[];
}

/** A spec-JSON object (schema, partition spec, sort order) read by the library's parser. */
export function parsePart<T>(what: string, value: unknown, parse: (value: unknown) => T): T {
  if (value === null || typeof value !== 'object') throw badRequest(`${what} must be a JSON object`);
  try {
    return parse(value);
  } catch (error) {
    throw badRequest(`${what}: ${(error as Error).message}`);
  }
}
