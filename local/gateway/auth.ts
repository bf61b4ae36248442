/**
 * Optional shared-secret authentication: a bearer token (`Authorization: Bearer <secret>`) or HTTP
 * basic auth whose password is the secret (any user name; it becomes the query's user). Secrets are
 * compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';

export type AuthMode = 'none' | 'bearer' | 'basic';

export interface AuthOptions {
  readonly mode: AuthMode;
  /** Required unless mode is 'none'. */
  readonly secret?: string;
}

export type AuthResult =
  | { readonly ok: true; readonly user?: string }
  | { readonly ok: false; readonly challenge: string; readonly message: string };

const REALM = 'lakehouse';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function authenticate(options: AuthOptions, authorization: string | undefined): AuthResult {
  if (options.mode === 'none') return { ok: true };
  const secret = options.secret ?? '';
  const challenge = options.mode === 'bearer' ? `Bearer realm="${REALM}"` : `Basic realm="${REALM}"`;
  if (authorization === undefined) return { ok: false, challenge, message: 'Authentication required' };
  const [scheme, credentials = ''] = authorization.split(/\s+/, 2);
  if (options.mode === 'bearer' && scheme?.toLowerCase() === 'bearer' && sameSecret(credentials, secret)) {
    return { ok: true };
  }
  if (options.mode === 'basic' && scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon !== -1 && sameSecret(decoded.slice(colon + 1), secret))
      return { ok: true, user: decoded.slice(0, colon) };
  }
  return { ok: false, challenge, message: 'Invalid credentials' };
}
