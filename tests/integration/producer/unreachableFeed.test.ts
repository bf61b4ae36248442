/**
 * The producer with no Coinbase to reach (no internet): it says so once, plainly, with the way out
 * (`npm run demo`), keeps retrying at debug level, and /healthz turns unhealthy once the feed has
 * been down for longer than the watchdog period. The metrics endpoint binds 127.0.0.1 by default.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import { createMemoryKafka } from '../../../layers/kafka/index.js';
import { producerSettingsFromConfig, startProducer } from '../../../producer/index.js';
import type { LogLevel } from '../../../producer/log.js';
import { freePort, until } from '../../helpers/ports.js';

interface Entry {
  readonly level: LogLevel;
  readonly message: string;
}

describe('producer without a reachable feed', () => {
  it('reports it once with the way out, retries quietly, and /healthz turns unhealthy after the watchdog', async () => {
    const closedPort = await freePort();
    const entries: Entry[] = [];
    let reconnects = 0;
    const settings = producerSettingsFromConfig(loadConfig({ COINBASE_WS_URL: `ws://127.0.0.1:${closedPort}` }), {
      kafka: createMemoryKafka(),
      metricsPort: 0,
      watchdogMs: 300,
      reconnectBaseMs: 5,
      reconnectMaxMs: 20,
      log: (level, message) => {
        entries.push({ level, message });
        if (message === 'websocket closed: reconnecting' || message.startsWith('Coinbase cannot be reached')) {
          reconnects++;
        }
      },
    });
    assert.equal(settings.metricsHost, '127.0.0.1');
    const producer = await startProducer(settings);
    try {
      assert.match(producer.metricsUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
      await until(() => reconnects >= 6, 'six failed connection attempts', 30_000, 10);
      const loud = entries.filter((entry) => entry.level === 'warn' || entry.level === 'error');
      assert.equal(loud.length, 1, JSON.stringify(loud));
      assert.equal(loud[0]?.level, 'error');
      assert.match(
        loud[0]?.message ?? '',
        new RegExp(`^Coinbase cannot be reached at ws://127\\.0\\.0\\.1:${closedPort} \\(.*ECONNREFUSED.*\\)\\.`),
      );
      assert.match(
        loud[0]?.message ?? '',
        /`npm run demo` runs the same stack against the built-in exchange simulator/,
      );
      assert.ok(entries.filter((entry) => entry.message === 'websocket closed: reconnecting').length >= 5);

      let health: { status: number; body: { healthy: boolean; websocket_connected: boolean } } | undefined;
      await until(
        async () => {
          const response = await fetch(`${producer.metricsUrl}/healthz`);
          health = { status: response.status, body: (await response.json()) as never };
          return health.status === 503;
        },
        '/healthz to report the feed down',
        30_000,
        20,
      );
      assert.deepEqual(
        { healthy: health?.body.healthy, connected: health?.body.websocket_connected },
        { healthy: false, connected: false },
      );
    } finally {
      await producer.close();
    }
  });
});
