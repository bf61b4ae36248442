import { enumVar, intVar, optionalStringVar, portVar, stringVar } from '../env.js';

export const gatewaySection = {
  host: stringVar('GATEWAY_HOST', '127.0.0.1', 'Address the Trino-protocol gateway binds to.'),
  port: portVar('GATEWAY_PORT', 8082, 'Port of the Trino-protocol gateway.'),
  catalog: stringVar('GATEWAY_CATALOG', 'iceberg', 'Catalog name the lakehouse tables appear under for Trino clients.'),
  authMode: enumVar(
    'GATEWAY_AUTH',
    'none',
    ['none', 'bearer', 'basic'] as const,
    'Gateway authentication: none, bearer (Authorization: Bearer GATEWAY_AUTH_SECRET) or basic (password = the secret).',
  ),
  authSecret: optionalStringVar('GATEWAY_AUTH_SECRET', 'Shared secret for GATEWAY_AUTH=bearer or basic.'),
  adminUser: optionalStringVar(
    'GATEWAY_ADMIN_USER',
    'User who sees and cancels every query; other users see and cancel only their own (system.runtime.queries, DELETE).',
  ),
  tlsCertFile: optionalStringVar(
    'GATEWAY_TLS_CERT_FILE',
    'PEM certificate file: the gateway serves HTTPS when this and GATEWAY_TLS_KEY_FILE are set.',
  ),
  tlsKeyFile: optionalStringVar('GATEWAY_TLS_KEY_FILE', 'PEM private key file for GATEWAY_TLS_CERT_FILE.'),
  queryMaxRunTimeSeconds: intVar(
    'GATEWAY_QUERY_MAX_RUN_TIME_SECONDS',
    300,
    'Per-query time limit of the gateway, in seconds (0 = none); longer queries fail with EXCEEDED_TIME_LIMIT.',
  ),
  queryMemoryLimit: stringVar(
    'GATEWAY_QUERY_MEMORY_LIMIT',
    '2GB',
    "Memory limit of the gateway's DuckDB, shared by its queries (DuckDB size, e.g. 512MB, 2GB).",
  ),
  maxConcurrentQueries: intVar(
    'GATEWAY_MAX_CONCURRENT_QUERIES',
    4,
    'Queries the gateway runs at once (each on its own DuckDB connection); more wait queued.',
    { min: 1, max: 256 },
  ),
  maxQueryBytes: intVar(
    'GATEWAY_MAX_QUERY_BYTES',
    1_000_000,
    "Largest statement (request body) the gateway accepts, in bytes, as Trino's query.max-length; larger ones get 413 QUERY_TEXT_TOO_LARGE.",
    { min: 1, max: 1_000_000_000 },
  ),
} as const;
