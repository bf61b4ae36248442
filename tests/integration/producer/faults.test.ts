import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFrame } from '../../../layers/coinbase/index.js';
import { audit, metricValue, startStack, waitFor } from './harness.js';

const emit = (stack: Awaited<ReturnType<typeof startStack>>, count: number) => {
  for (const product of stack.products) stack.sim.emitTrades(product, count);
};

describe('producer against the simulator: each fault', { concurrency: 1, timeout: 60_000 }, () => {
  it('clean feed: every frame in Kafka once, keyed by product, with the three headers', async () => {
    const stack = await startStack();
    emit(stack, 40);
    await waitFor(
      '40 matches per product',
      async () => (await metricValue(stack.producer, 'coinbase_messages_received_total', { type: 'match' })) >= 80,
    );
    await waitFor(
      'heartbeats',
      async () => (await metricValue(stack.producer, 'coinbase_messages_received_total', { type: 'heartbeat' })) >= 2,
    );
    const records = await stack.finish();
    const result = audit(records, stack.sim, stack.products);
    assert.deepEqual([result.lost, result.duplicated, result.backfilled], [[], [], 0]);
    const match = records.find((record) => record.value?.toString().includes('"type":"match"'));
    assert.ok(match);
    assert.equal(match.key?.toString(), JSON.parse(match.value?.toString() ?? '{}').product_id);
    assert.deepEqual(Object.keys(match.headers).sort(), ['connection_id', 'received_at', 'source']);
    assert.equal(match.headers.source?.toString(), 'simulator');
    assert.match(match.headers.received_at?.toString() ?? '', /^\d{16}$/);
    assert.ok(records.some((record) => record.value?.toString().startsWith('{"type":"heartbeat"')));
    assert.ok(records.some((record) => record.value?.toString().startsWith('{"type":"ticker"')));
  });

  it('subscribes within the exchange deadline: never closed for silence', async () => {
    const stack = await startStack({ sim: { subscribeDeadlineMs: 100 } });
    await new Promise((resolve) => setTimeout(resolve, 400));
    emit(stack, 2);
    const records = await stack.finish();
    assert.equal(await metricValue(stack.producer, 'coinbase_websocket_reconnects_total'), 0);
    assert.equal(await metricValue(stack.producer, 'coinbase_error_frames_total'), 0);
    assert.deepEqual(audit(records, stack.sim, stack.products).lost, []);
  });

  it('dropped frames: gap detected by trade_id and filled from REST exactly once', async () => {
    const stack = await startStack();
    emit(stack, 10);
    stack.sim.inject({ kind: 'drop', count: 5 });
    emit(stack, 10);
    const records = await stack.finish();
    const result = audit(records, stack.sim, stack.products);
    assert.deepEqual([result.lost, result.duplicated], [[], []]);
    assert.equal(result.backfilled, 5);
    const backfill = records.filter((record) => record.headers.source?.toString() === 'backfill');
    assert.equal(backfill.length, 5);
    for (const record of backfill) assert.equal(parseFrame(record.value ?? '').ok, true);
    assert.equal(await metricValue(stack.producer, 'coinbase_gap_trades_filled_total'), 5);
  });

  it('duplicated frames: published as the source sent them, nothing else repeated', async () => {
    const stack = await startStack();
    emit(stack, 5);
    stack.sim.inject({ kind: 'duplicate', count: 3 });
    emit(stack, 5);
    const records = await stack.finish();
    const result = audit(records, stack.sim, stack.products);
    assert.deepEqual([result.lost, result.duplicated, result.backfilled], [[], [], 0]);
    assert.equal(result.sourceDuplicates, 3);
    assert.equal(await metricValue(stack.producer, 'coinbase_duplicate_trades_total'), 3);
  });

  it('reordered frames: the late trade closes its gap, no backfill', async () => {
    const stack = await startStack();
    emit(stack, 5);
    stack.sim.inject({ kind: 'reorder', count: 2 });
    emit(stack, 5);
    const records = await stack.finish();
    const result = audit(records, stack.sim, stack.products);
    assert.deepEqual([result.lost, result.duplicated, result.backfilled], [[], [], 0]);
    assert.ok((await metricValue(stack.producer, 'coinbase_gap_trades_late_total')) >= 1);
  });

  it('malformed frames: published unchanged, counted, and their trades backfilled', async () => {
    const stack = await startStack();
    emit(stack, 5);
    stack.sim.inject({ kind: 'malformed', count: 2 });
    emit(stack, 5);
    const records = await stack.finish();
    const result = audit(records, stack.sim, stack.products);
    assert.deepEqual([result.lost, result.duplicated], [[], []]);
    assert.equal(result.unparseable, 2);
    assert.equal(result.backfilled, 2);
    const broken = records.filter((record) => !parseFrame(record.value ?? '').ok);
    assert.ok(broken.every((record) => record.key === null && record.value?.toString().startsWith('{"type":"match"')));
    assert.equal(await metricValue(stack.producer, 'coinbase_parse_errors_total'), 2);
  });

  it('disconnects: reconnects, resubscribes, and backfills what happened while away', async () => {
    const stack = await startStack();
    emit(stack, 5);
    await waitFor(
      'first matches',
      async () => (await metricValue(stack.producer, 'coinbase_messages_received_total', { type: 'match' })) >= 10,
    );
    stack.sim.disconnectAll();
    emit(stack, 7);
    await stack.sim.waitForSubscribers(1);
    await waitFor(
      'resubscribed last_match',
      async () => (await metricValue(stack.producer, 'coinbase_messages_received_total', { type: 'last_match' })) >= 4,
    );
    emit(stack, 5);
    const records = await stack.finish();
    const result = audit(records, stack.sim, stack.products);
    assert.deepEqual([result.lost, result.duplicated], [[], []]);
    assert.ok((await metricValue(stack.producer, 'coinbase_websocket_reconnects_total')) >= 1);
    const connections = new Set(records.map((record) => record.headers.connection_id?.toString()));
    assert.ok(connections.size >= 3, 'two WebSocket connections plus REST backfill');
  });

  it('stalls: the watchdog reconnects after a silent period and the missed trades are backfilled', async () => {
    const stack = await startStack({ producer: { watchdogMs: 300 } });
    emit(stack, 3);
    stack.sim.stall(3000);
    emit(stack, 6);
    await waitFor(
      'watchdog reconnect',
      async () =>
        (await metricValue(stack.producer, 'coinbase_websocket_reconnects_total', { reason: 'watchdog' })) >= 1,
    );
    emit(stack, 3);
    const records = await stack.finish();
    const result = audit(records, stack.sim, stack.products);
    assert.deepEqual([result.lost, result.duplicated], [[], []]);
  });

  it('a quiet market: the heartbeat last_trade_id reveals trades that never arrived', async () => {
    const stack = await startStack();
    emit(stack, 3);
    stack.sim.inject({ kind: 'drop', count: 4 });
    emit(stack, 2);
    const records = await stack.finish();
    const result = audit(records, stack.sim, stack.products);
    assert.deepEqual([result.lost, result.duplicated, result.backfilled], [[], [], 4]);
    assert.ok((await metricValue(stack.producer, 'coinbase_gaps_detected_total', { detected_by: 'heartbeat' })) >= 1);
  });

  it('a gap REST cannot fill: recorded as a gap frame in Kafka, a metric and an error log', async () => {
    const stack = await startStack({ products: ['BTC-USD'] });
    emit(stack, 3);
    const next = stack.sim.market.lastTradeId('BTC-USD') + 1;
    stack.sim.market.hideFromRest('BTC-USD', next + 1, next + 2);
    stack.sim.inject({ kind: 'drop', count: 4 });
    emit(stack, 6);
    // REST can't see ids next+1..next+2 (hidden) until they exist; hide them again after they are made.
    stack.sim.market.hideFromRest('BTC-USD', next + 1, next + 2);
    const records = await stack.finish();
    const result = audit(records, stack.sim, stack.products);
    assert.deepEqual([result.lost, result.duplicated, result.backfilled], [[], [], 2]);
    assert.deepEqual(
      result.gapFrames.map((gap) => [gap.first, gap.last, gap.reason]),
      [[BigInt(next + 1), BigInt(next + 2), 'trades not returned by REST']],
    );
    assert.equal(await metricValue(stack.producer, 'coinbase_gap_trades_unfillable_total'), 2);
    assert.ok(stack.logs.some((entry) => entry.level === 'error' && /gap could not be filled/.test(entry.message)));
  });

  it('Kafka unavailable: buffers, overflows loudly, and recovers dropped trades from REST', async () => {
    const stack = await startStack({ producer: { bufferMaxFrames: 30 } });
    emit(stack, 3);
    await stack.producer.settled();
    stack.memory?.setAvailable(false);
    emit(stack, 25);
    await waitFor('overflow', async () => (await metricValue(stack.producer, 'coinbase_producer_dropped_total')) > 0);
    stack.memory?.setAvailable(true);
    const records = await stack.finish();
    const result = audit(records, stack.sim, stack.products);
    assert.deepEqual([result.lost, result.duplicated], [[], []]);
    assert.ok(result.backfilled > 0);
    assert.ok(stack.logs.some((entry) => entry.level === 'error' && /frames dropped/.test(entry.message)));
    assert.ok(stack.logs.some((entry) => entry.level === 'warn' && /kafka unavailable/.test(entry.message)));
  });

  it('all faults at random rates with a generated market: nothing lost, nothing duplicated', async () => {
    const stack = await startStack({
      products: ['BTC-USD', 'ETH-USD', 'SOL-USD'],
      sim: {
        seed: 7,
        generator: { tradesPerSecond: 150, burstEveryMs: 700, burstMultiplier: 5, burstDurationMs: 200 },
        faults: { drop: 0.03, duplicate: 0.03, reorder: 0.03, malformed: 0.01 },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 800));
    stack.sim.disconnectAll();
    await new Promise((resolve) => setTimeout(resolve, 800));
    const records = await stack.finish();
    const result = audit(records, stack.sim, stack.products);
    assert.deepEqual([result.lost, result.duplicated], [[], []]);
    assert.ok(result.backfilled > 0 && result.sourceDuplicates > 0 && result.unparseable > 0);
  });
});
