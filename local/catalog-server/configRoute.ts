/** GET /v1/config: the prefix to use, and every endpoint this server implements (derived from its routes). */
import type { Route } from './route.js';

export function catalogConfig(routes: readonly Route[], prefix: string | undefined) {
  return {
    defaults: {},
    overrides: prefix === undefined ? {} : { prefix },
    endpoints: routes.map((route) => `${route.method} /v1/{prefix}/${route.pattern}`),
  };
}
