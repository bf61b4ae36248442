import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, documentConfig, loadConfig } from '../../../layers/config/index.js';

describe('loadConfig', () => {
  it('applies documented defaults and derives paths from LAKEHOUSE_HOME', () => {
    const config = loadConfig({}, '/srv/app');
    assert.equal(config.paths.home, '/srv/app/.lakehouse');
    assert.equal(config.paths.warehouse, path.join('/srv/app/.lakehouse', 'warehouse'));
    assert.equal(config.kafka.brokers, undefined);
    assert.deepEqual(config.coinbase.products, ['BTC-USD', 'ETH-USD', 'SOL-USD', 'DOGE-USD']);
    assert.equal(config.gateway.port, 8082);
  });

  it('reads typed values from the environment', () => {
    const config = loadConfig(
      { PRODUCTS: 'BTC-USD, ETH-EUR', GATEWAY_PORT: '18082', LAKEHOUSE_HOME: '/data/lh' },
      '/x',
    );
    assert.deepEqual(config.coinbase.products, ['BTC-USD', 'ETH-EUR']);
    assert.equal(config.gateway.port, 18082);
    assert.equal(config.paths.catalogDb, '/data/lh/catalog.db');
  });

  it('rejects a bad value naming the variable, the value and what is allowed', () => {
    assert.throws(
      () => loadConfig({ GATEWAY_PORT: '70000' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.variable === 'GATEWAY_PORT' &&
        error.message === 'invalid GATEWAY_PORT="70000": expected an integer from 0 to 65535',
    );
    assert.throws(() => loadConfig({ COINBASE_WS_URL: 'http://x' }), /COINBASE_WS_URL.*scheme ws or wss/);
    assert.throws(
      () => loadConfig({ LOG_LEVEL: 'loud' }),
      /LOG_LEVEL="loud": expected one of debug, info, warn, error/,
    );
  });

  it('documents every variable once', () => {
    const names = documentConfig().map((doc) => doc.name);
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.includes('LAKEHOUSE_HOME'));
  });
});
