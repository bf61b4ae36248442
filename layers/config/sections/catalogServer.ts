import { optionalStringVar, portVar, stringVar } from '../env.js';

export const catalogServerSection = {
  host: stringVar('CATALOG_SERVER_HOST', '127.0.0.1', 'Address the Iceberg REST catalog server binds to.'),
  port: portVar('CATALOG_SERVER_PORT', 8181, 'Port of the Iceberg REST catalog server (lakehouse catalog serve).'),
  token: optionalStringVar(
    'CATALOG_SERVER_TOKEN',
    'Bearer token the REST catalog server requires on every request; unset requires none.',
  ),
  prefix: optionalStringVar(
    'CATALOG_SERVER_PREFIX',
    'Prefix the REST catalog server advertises in /v1/config (paths /v1/<prefix>/...); unset advertises none.',
  ),
} as const;
