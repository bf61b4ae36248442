/** Namespaces and table identifiers ('a.b.table' <-> { namespace: ['a','b'], name: 'table' }). */
import { ValidationError } from '../errors.js';

export type Namespace = readonly string[];

export interface TableIdentifier {
  readonly namespace: Namespace;
  readonly name: string;
}

export function parseIdentifier(text: string | TableIdentifier): TableIdentifier {
  if (typeof text !== 'string') return text;
  const parts = text.split('.');
  if (parts.length < 2 || parts.some((p) => p === ''))
    throw new ValidationError(`table identifier must be namespace.table: ${text}`);
  return { namespace: parts.slice(0, -1), name: parts[parts.length - 1] as string };
}

export function parseNamespace(text: string | Namespace): Namespace {
  if (typeof text !== 'string') return text;
  if (text === '') throw new ValidationError('empty namespace');
  return text.split('.');
}

export function namespaceToString(namespace: Namespace): string {
  return namespace.join('.');
}

export function identifierToString(id: TableIdentifier): string {
  return `${namespaceToString(id.namespace)}.${id.name}`;
}
