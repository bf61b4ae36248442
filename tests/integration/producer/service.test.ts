import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { createKafka, createMemoryKafka } from '../../../layers/kafka/index.js';
import { startBroker } from '../../../local/broker/index.js';
import { silentLogger, startProducer, startSimulator } from '../../../producer/index.js';
import { audit, metricValue, startStack, waitFor } from './harness.js';

describe('producer service', { concurrency: 1, timeout: 60_000 }, () => {
  it('serves /metrics with the documented names and /healthz', async () => {
    const stack = await startStack({ producer: { metricsPort: 0, metricsHost: '127.0.0.1' } });
    stack.sim.emitTrades('BTC-USD', 3);
    await waitFor(
      'matches',
      async () => (await metricValue(stack.producer, 'coinbase_messages_received_total', { type: 'match' })) >= 3,
    );
    const metrics = await (await fetch(`${stack.producer.metricsUrl}/metrics`)).text();
    for (const name of [
      'coinbase_messages_received_total',
      'coinbase_messages_produced_total',
      'coinbase_websocket_connected 1',
      'coinbase_message_latency_seconds_bucket',
      'coinbase_produce_ack_latency_seconds_bucket',
      'coinbase_producer_buffer_frames',
      'coinbase_websocket_reconnects_total',
      'coinbase_gaps_detected_total',
      'coinbase_produce_errors_total',
    ]) {
      assert.ok(metrics.includes(name), `missing ${name}`);
    }
    const health = await fetch(`${stack.producer.metricsUrl}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { websocket_connected: boolean }).websocket_connected, true);
    await stack.finish();
  });

  it('Advanced Trade adapter: one subscribe per channel, market_trades published unchanged, gaps by string trade_id', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const requests: unknown[] = [];
    const frames = [
      '{"channel":"market_trades","client_id":"","timestamp":"2026-08-09T21:05:48.854840045Z","sequence_num":0,"events":[{"type":"snapshot","trades":[{"trade_id":"12","product_id":"BTC-USD","price":"60000.01","size":"0.001","side":"SELL","time":"2026-08-09T21:05:48.8Z"},{"trade_id":"11","product_id":"BTC-USD","price":"60000","size":"0.002","side":"BUY","time":"2026-08-09T21:05:48.7Z"}]}]}',
      '{"channel":"heartbeats","client_id":"","timestamp":"2026-08-09T21:05:49.000000001Z","sequence_num":1,"events":[{"current_time":"2026-08-09 21:05:48.854840045 +0000 UTC m=+41691.26","heartbeat_counter":"41"}]}',
      '{"channel":"market_trades","client_id":"","timestamp":"2026-08-09T21:05:50.1Z","sequence_num":2,"events":[{"type":"update","trades":[{"trade_id":"15","product_id":"BTC-USD","price":"60001","size":"0.5","side":"BUY","time":"2026-08-09T21:05:50.0Z"}]}]}',
    ];
    server.on('connection', (socket) => {
      socket.on('message', (data) => {
        requests.push(JSON.parse(data.toString()));
        if (requests.length === 2) for (const frame of frames) socket.send(frame);
      });
    });
    const kafka = createMemoryKafka();
    const producer = await startProducer({
      feed: 'advanced-trade',
      wsUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
      restUrl: 'http://127.0.0.1:9',
      products: ['BTC-USD'],
      kafka,
      topic: 'coinbase.raw',
      metricsPort: null,
      gapGraceMs: 60_000,
      log: silentLogger,
    });
    await waitFor('three frames', () => (kafka.topics.get('coinbase.raw')?.length ?? 0) >= 3);
    await producer.close();
    await new Promise((resolve) => server.close(resolve));
    assert.deepEqual(requests, [
      { type: 'subscribe', product_ids: ['BTC-USD'], channel: 'market_trades' },
      { type: 'subscribe', product_ids: ['BTC-USD'], channel: 'heartbeats' },
    ]);
    const records = kafka.topics.get('coinbase.raw') ?? [];
    assert.deepEqual(
      records.map((record) => record.value?.toString()),
      frames,
    );
    assert.equal(records[0]?.key?.toString(), 'BTC-USD');
    assert.equal(records[0]?.headers.source?.toString(), 'advanced-trade');
    assert.equal(await metricValue(producer, 'coinbase_gap_trades_missing_total'), 2);
  });

  it('`lakehouse producer` flushes its buffer to Kafka on SIGTERM', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'producer-cli-'));
    const broker = await startBroker({ port: 0, dataDir, onProblem: () => undefined });
    const sim = await startSimulator({
      products: ['BTC-USD'],
      generator: { tradesPerSecond: 0 },
      heartbeatMs: 3_600_000,
    });
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL('../../../../bin/lakehouse.js', import.meta.url)), 'producer'],
      {
        env: {
          ...process.env,
          COINBASE_WS_URL: sim.wsUrl,
          COINBASE_REST_URL: sim.restUrl,
          PRODUCTS: 'BTC-USD',
          KAFKA_BROKERS: broker.bootstrap,
          KAFKA_TOPIC: 'cli-test',
          PRODUCER_SOURCE: 'simulator',
          PRODUCER_METRICS_PORT: '0',
          // A long linger keeps every frame in the buffer: only the shutdown flush can deliver them.
          PRODUCER_LINGER_MS: '60000',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await sim.waitForSubscribers(1);
      sim.emitTrades('BTC-USD', 20);
      await waitFor('the producer to log its first gap-free frames', () => stderr.includes('connected and subscribed'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      child.kill('SIGTERM');
      assert.equal(await exited, 0, stderr);
      const records = await createKafka({
        brokers: [broker.bootstrap],
        clientId: 'cli-test',
        logLevel: 'error',
      }).readAll('cli-test');
      const values = records.map((record) => record.value?.toString() ?? '');
      // subscriptions + last_match + 20 matches + 20 tickers
      assert.equal(values.filter((value) => value.startsWith('{"type":"match"')).length, 20);
      assert.equal(values.length, 42);
      assert.match(stderr, /producer stopped.*"flushed":true/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await sim.close();
      await broker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('kafkajs against the embedded broker: a broker restart mid-stream loses and duplicates nothing', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'producer-restart-'));
    let broker = await startBroker({ port, dataDir, onProblem: () => undefined });
    const kafka = createKafka({
      brokers: [`127.0.0.1:${port}`],
      clientId: 'restart-test',
      logLevel: 'nothing',
      connectionTimeoutMs: 500,
    });
    try {
      const stack = await startStack({
        kafka,
        products: ['BTC-USD', 'ETH-USD'],
        sim: { generator: { tradesPerSecond: 40 } },
        producer: { topic: 'restart-test' },
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await broker.close();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      broker = await startBroker({ port, dataDir, onProblem: () => undefined });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const records = await stack.finish();
      const result = audit(records, stack.sim, stack.products);
      assert.deepEqual([result.lost, result.duplicated], [[], []]);
      assert.ok(records.length > 100);
    } finally {
      await broker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
