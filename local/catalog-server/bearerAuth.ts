/** Optional bearer-token check: with a configured token every request must carry it. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RestError } from './restErrors.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Throws a 401 NotAuthorizedException unless the request's bearer token is `token`. */
export function requireBearer(request: IncomingMessage, token: string | undefined): void {
  if (token === undefined) return;
  const match = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '');
  // Hashing first gives equal lengths, so the comparison time does not depend on the secret.
  if (!match?.[1] || !timingSafeEqual(digest(match[1].trim()), digest(token)))
    throw new RestError(401, 'NotAuthorizedException', 'missing or wrong bearer token in the Authorization header');
}
