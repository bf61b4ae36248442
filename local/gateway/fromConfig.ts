/**
 * The gateway as configured (GATEWAY_* variables) over the lakehouse engine opened from the same
 * configuration, with DuckDB's file access limited to the warehouse and cache. Used by
 * `lakehouse gateway` and by the embedded stack's `npm start`.
 */
import { readFileSync } from 'node:fs';
import { type Config, ConfigError } from '../../layers/config/index.js';
import { openLakehouseEngine } from '../../layers/engine/index.js';
import type { AuthOptions } from './auth.js';
import { type Gateway, type GatewayOptions, startGateway } from './startGateway.js';

/** The auth options from configuration; a mode other than none needs GATEWAY_AUTH_SECRET. */
export function gatewayAuth(config: Config): AuthOptions {
  const { authMode, authSecret } = config.gateway;
  if (authMode === 'none') return { mode: 'none' };
  if (authSecret === undefined) {
    throw new ConfigError('GATEWAY_AUTH_SECRET', '', `a shared secret when GATEWAY_AUTH=${authMode}`);
  }
  return { mode: authMode, secret: authSecret };
}

/** The TLS certificate and key from configuration, or undefined for plain HTTP; both files or neither. */
export function gatewayTls(config: Config): { cert: Buffer; key: Buffer } | undefined {
  const { tlsCertFile, tlsKeyFile } = config.gateway;
  if (tlsCertFile === undefined && tlsKeyFile === undefined) return undefined;
  if (tlsCertFile === undefined || tlsKeyFile === undefined) {
    const missing = tlsCertFile === undefined ? 'GATEWAY_TLS_CERT_FILE' : 'GATEWAY_TLS_KEY_FILE';
    throw new ConfigError(
      missing,
      '',
      'a PEM file path (both GATEWAY_TLS_CERT_FILE and GATEWAY_TLS_KEY_FILE, or neither)',
    );
  }
  return { cert: readFileSync(tlsCertFile), key: readFileSync(tlsKeyFile) };
}

/** Opens the engine, starts the gateway; close() stops both. */
export async function startConfiguredGateway(
  config: Config,
  overrides: Partial<Omit<GatewayOptions, 'engine'>> = {},
): Promise<Gateway> {
  const auth = gatewayAuth(config);
  const tls = gatewayTls(config);
  const lakehouse = await openLakehouseEngine(config, { sandbox: true, memoryLimit: config.gateway.queryMemoryLimit });
  try {
    const gateway = await startGateway({
      engine: lakehouse.engine,
      host: config.gateway.host,
      port: config.gateway.port,
      catalog: config.gateway.catalog,
      auth,
      ...(config.gateway.adminUser !== undefined ? { adminUser: config.gateway.adminUser } : {}),
      ...(tls ? { tls } : {}),
      maxConcurrentQueries: config.gateway.maxConcurrentQueries,
      maxQueryBytes: config.gateway.maxQueryBytes,
      queryMaxRunTimeMs: config.gateway.queryMaxRunTimeSeconds * 1000,
      ...overrides,
    });
    return {
      ...gateway,
      get runningQueries() {
        return gateway.runningQueries;
      },
      close: async () => {
        await gateway.close();
        await lakehouse.close();
      },
    };
  } catch (error) {
    await lakehouse.close();
    throw error;
  }
}
