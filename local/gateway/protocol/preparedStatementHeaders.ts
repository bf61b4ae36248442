/**
 * Prepared statements travel in headers, as in Trino's client protocol: the client sends every
 * statement it holds on each request (`X-Trino-Prepared-Statement: name=statement`, one header per
 * statement or several joined by commas), and the server answers PREPARE with
 * `X-Trino-Added-Prepare: name=statement` and DEALLOCATE with `X-Trino-Deallocated-Prepare: name`.
 * Names and statements are form-URL-encoded as Java's URLEncoder does (space as '+').
 */
import { GatewayQueryError } from './errors.js';

/** Java's URLEncoder.encode(value, UTF_8): only A-Z a-z 0-9 . - * _ stay, space becomes '+'. */
export function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}

/** Java's URLDecoder.decode(value, UTF_8): '+' is a space, %XX are UTF-8 bytes. */
export function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '));
  } catch {
    throw new GatewayQueryError('GENERIC_USER_ERROR', `malformed URL-encoded header value: ${value.slice(0, 100)}`);
  }
}

/** The statements of X-Trino-Prepared-Statement header values, by name. */
export function parsePreparedStatements(values: readonly string[]): Map<string, string> {
  const statements = new Map<string, string>();
  for (const value of values) {
    for (const item of value.split(',')) {
      if (item.trim() === '') continue;
      const eq = item.indexOf('=');
      if (eq <= 0) {
        throw new GatewayQueryError(
          'GENERIC_USER_ERROR',
          `Invalid X-Trino-Prepared-Statement header: expected name=statement, got '${item.trim().slice(0, 100)}'`,
        );
      }
      statements.set(formDecode(item.slice(0, eq).trim()), formDecode(item.slice(eq + 1).trim()));
    }
  }
  return statements;
}

/** The X-Trino-Added-Prepare value for a statement PREPARE stored under a name. */
export function addedPrepareHeader(name: string, statement: string): string {
  return `${formEncode(name)}=${formEncode(statement)}`;
}

/** The X-Trino-Deallocated-Prepare value for a name DEALLOCATE PREPARE removed. */
export function deallocatedPrepareHeader(name: string): string {
  return formEncode(name);
}
