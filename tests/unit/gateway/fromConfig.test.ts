import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../layers/config/index.js';
import { gatewayAuth, gatewayTls } from '../../../local/gateway/fromConfig.js';

describe('gateway configuration', () => {
  it('reads auth mode and secret, refusing a mode without a secret', () => {
    assert.deepEqual(gatewayAuth(loadConfig({})), { mode: 'none' });
    assert.deepEqual(gatewayAuth(loadConfig({ GATEWAY_AUTH: 'bearer', GATEWAY_AUTH_SECRET: 'tok' })), {
      mode: 'bearer',
      secret: 'tok',
    });
    assert.throws(() => gatewayAuth(loadConfig({ GATEWAY_AUTH: 'basic' })), ConfigError);
    assert.throws(() => loadConfig({ GATEWAY_AUTH: 'kerberos' }), /GATEWAY_AUTH/);
  });

  it('reads the limits with their defaults', () => {
    const { gateway } = loadConfig({ GATEWAY_QUERY_MAX_RUN_TIME_SECONDS: '30' });
    assert.equal(gateway.queryMaxRunTimeSeconds, 30);
    assert.equal(gateway.maxConcurrentQueries, 4);
    assert.equal(gateway.queryMemoryLimit, '2GB');
    assert.equal(gateway.host, '127.0.0.1');
    assert.throws(() => loadConfig({ GATEWAY_MAX_CONCURRENT_QUERIES: '0' }), /GATEWAY_MAX_CONCURRENT_QUERIES/);
  });

  it('loads TLS material only when both files are configured', () => {
    assert.equal(gatewayTls(loadConfig({})), undefined);
    const fixtures = path.join(process.cwd(), 'tests', 'integration', 'gateway', 'fixtures');
    const tls = gatewayTls(
      loadConfig({
        GATEWAY_TLS_CERT_FILE: path.join(fixtures, 'localhost-cert.pem'),
        GATEWAY_TLS_KEY_FILE: path.join(fixtures, 'localhost-key.pem'),
      }),
    );
    assert.match(tls?.cert.toString() ?? '', /BEGIN CERTIFICATE/);
    assert.throws(() => gatewayTls(loadConfig({ GATEWAY_TLS_CERT_FILE: 'cert.pem' })), /GATEWAY_TLS_KEY_FILE/);
  });
});
