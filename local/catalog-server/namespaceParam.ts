/**
 * Namespaces in REST paths and query strings: parts joined by the unit separator 0x1F (`%1F`),
 * the spec's default and the only separator this server advertises.
 */
import type { Namespace } from '../../layers/iceberg/index.js';
import { badRequest } from './restErrors.js';

export const NAMESPACE_SEPARATOR = '\x1f';

/**
 * The SQL catalog stores a namespace as its parts joined by '.', so a part holding '.' would name
 * another namespace: such parts are refused rather than silently merged.
 */
function checkedParts(parts: readonly unknown[], what: string): Namespace {
  if (parts.length === 0) throw badRequest(`${what}: empty namespace`);
  for (const part of parts)
    if (typeof part !== 'string' || part === '' || part.includes('.'))
      throw badRequest(`${what}: namespace part ${JSON.stringify(part)} must be a non-empty string without '.'`);
  return parts as string[];
}

/** A decoded path segment or `parent` query value as a namespace. */
export function namespaceFromParam(text: string, what = 'namespace'): Namespace {
  return checkedParts(text.split(NAMESPACE_SEPARATOR), what);
}

/** A request-body namespace: a list of strings. */
export function namespaceFromBody(value: unknown, what: string): Namespace {
  if (!Array.isArray(value)) throw badRequest(`${what} must be a list of strings`);
  return checkedParts(value, what);
}
