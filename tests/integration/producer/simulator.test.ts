import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { parseFrame } from '../../../layers/coinbase/index.js';
import { startSimulator } from '../../../producer/index.js';

function client(url: string) {
  const socket = new WebSocket(url);
  const frames: string[] = [];
  socket.on('message', (data: Buffer) => frames.push(data.toString()));
  const opened = new Promise((resolve) => socket.once('open', resolve));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const next = async (count: number) => {
    const deadline = Date.now() + 5000;
    while (frames.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    return frames.slice(0, count);
  };
  return { socket, frames, opened, closed, next };
}

describe('exchange simulator', { concurrency: 1, timeout: 30_000 }, () => {
  it('speaks the subscribe protocol: subscriptions reply, last_match, heartbeat, match + ticker with opposite sides', async () => {
    const sim = await startSimulator({ products: ['BTC-USD'], generator: { tradesPerSecond: 0 }, heartbeatMs: 50 });
    const c = client(sim.wsUrl);
    await c.opened;
    c.socket.send(
      JSON.stringify({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['matches', 'ticker', 'heartbeat'] }),
    );
    const [reply, lastMatch] = await c.next(2);
    assert.deepEqual(JSON.parse(reply ?? ''), {
      type: 'subscriptions',
      channels: [
        { name: 'matches', product_ids: ['BTC-USD'] },
        { name: 'ticker', product_ids: ['BTC-USD'] },
        { name: 'heartbeat', product_ids: ['BTC-USD'] },
      ],
    });
    assert.equal(JSON.parse(lastMatch ?? '').type, 'last_match');
    const [trade] = sim.emitTrades('BTC-USD', 1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const parsed = c.frames.map((frame) => parseFrame(frame)).flatMap((result) => (result.ok ? [result.frame] : []));
    const match = parsed.find((frame) => frame.kind === 'match' && frame.type === 'match');
    const ticker = parsed.find((frame) => frame.kind === 'ticker');
    const heartbeat = parsed.find((frame) => frame.kind === 'heartbeat');
    assert.ok(match?.kind === 'match' && ticker?.kind === 'ticker' && heartbeat?.kind === 'heartbeat');
    assert.equal(match.trade_id, BigInt(trade?.trade_id ?? -1));
    assert.equal(ticker.trade_id, match.trade_id);
    assert.equal(ticker.sequence, match.sequence);
    assert.notEqual(ticker.side, match.side);
    assert.ok(heartbeat.last_trade_id >= match.trade_id - 1n);
    c.socket.close();
    await sim.close();
  });

  it('answers bad requests with error frames and closes silent clients after the deadline', async () => {
    const sim = await startSimulator({
      products: ['BTC-USD'],
      generator: { tradesPerSecond: 0 },
      subscribeDeadlineMs: 200,
    });
    const c = client(sim.wsUrl);
    await c.opened;
    for (const request of [
      'not json',
      JSON.stringify({ type: 'subscribe', product_ids: ['BTC-USD'], channels: ['full'] }),
      JSON.stringify({ type: 'subscribe', product_ids: ['NOPE-USD'], channels: ['matches'] }),
      JSON.stringify({ type: 'subscribe', product_ids: ['BTC-USD'], channels: [] }),
    ]) {
      c.socket.send(request);
    }
    const errors = (await c.next(4)).map((frame) => JSON.parse(frame) as { type: string; reason: string });
    assert.deepEqual(
      errors.map((error) => error.type),
      ['error', 'error', 'error', 'error'],
    );
    assert.match(errors[1]?.reason ?? '', /authentication/);
    assert.match(errors[2]?.reason ?? '', /NOPE-USD is not a valid product/);
    assert.equal(await c.closed, 1008);
    await sim.close();
  });

  it('serves REST trades by trade_id cursors and candles equal to an OHLCV of its own trades', async () => {
    const sim = await startSimulator({ products: ['ETH-USD'], generator: { tradesPerSecond: 0 }, historyTrades: 0 });
    const trades = sim.emitTrades('ETH-USD', 250);
    const last = trades[trades.length - 1]?.trade_id ?? 0;
    const page = await fetch(`${sim.restUrl}/products/ETH-USD/trades?limit=100&after=${last - 10}`);
    const body = (await page.json()) as { trade_id: number; side: string; price: string }[];
    assert.equal(body.length, 100);
    assert.equal(body[0]?.trade_id, last - 11);
    assert.equal(page.headers.get('cb-after'), String(last - 110));
    assert.deepEqual(Object.keys(body[0] ?? {}), ['time', 'trade_id', 'price', 'size', 'side']);
    const candles = (await (
      await fetch(`${sim.restUrl}/products/ETH-USD/candles?granularity=60`)
    ).json()) as number[][];
    const lowestTrade = trades.reduce((a, b) => (a.trade_id < b.trade_id ? a : b));
    const bucket = Number(lowestTrade.time_us / 60_000_000n) * 60;
    const inBucket = trades.filter((trade) => Number(trade.time_us / 60_000_000n) * 60 === bucket);
    const candle = candles.find((row) => row[0] === bucket);
    assert.ok(candle);
    assert.equal(candle[3], Number(inBucket[0]?.price), 'open = lowest trade_id');
    assert.equal(candle[4], Number(inBucket[inBucket.length - 1]?.price), 'close = highest trade_id');
    assert.equal(
      (await fetch(`${sim.restUrl}/products/ETH-USD/candles?granularity=61`)).status,
      400,
      'unsupported granularity',
    );
    await sim.close();
  });
});
