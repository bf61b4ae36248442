import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseFrame, parseTrades, summarizeFrame } from '../../../layers/coinbase/index.js';
import { COINBASE_FIXTURES } from '../../helpers/fixtures.js';

const FIXTURES = path.join(COINBASE_FIXTURES, 'exchange-ws');
const lines = (file: string) =>
  readFileSync(path.join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

function parsed(text: string) {
  const result = parseFrame(text);
  assert.ok(result.ok, `expected ${text.slice(0, 80)} to parse`);
  return result.frame;
}

describe('parseFrame on real captures', () => {
  it('parses every match, last_match, ticker and subscriptions frame of the 2021 capture', () => {
    const kinds = new Map<string, number>();
    for (const line of lines('matches_ticker_lastmatch_2021-04-17.ndjson')) {
      const frame = parsed(line);
      kinds.set(frame.kind, (kinds.get(frame.kind) ?? 0) + 1);
    }
    assert.deepEqual(Object.fromEntries(kinds), { subscriptions: 3, ticker: 107, match: 107 });
  });

  it('reads the recv_ts-wrapped capture to the same frames', () => {
    const plain = lines('matches_ticker_lastmatch_2021-04-17.ndjson');
    const wrapped = lines('matches_ticker_lastmatch_2021-04-17_with_recv_ts.ndjson').map(
      (line) => (JSON.parse(line) as { raw: string }).raw,
    );
    assert.deepEqual(wrapped, plain);
  });

  it('gives every match a valid trade whose ticker twin has the opposite side (match side = maker side)', () => {
    const matches = new Map<string, { maker: string }>();
    const tickers: { key: string; side: unknown }[] = [];
    for (const line of lines('matches_ticker_lastmatch_2021-04-17.ndjson')) {
      const frame = parsed(line);
      if (frame.kind === 'match') {
        const { trades, rejects } = parseTrades(frame);
        assert.equal(rejects.length, 0);
        const [trade] = trades;
        assert.ok(trade);
        assert.equal(typeof trade.trade_id, 'bigint');
        assert.notEqual(trade.maker_side, trade.taker_side);
        assert.equal(trade.price, frame.price, 'price kept as the exact decimal string');
        matches.set(`${frame.product_id}/${frame.trade_id}`, { maker: trade.maker_side });
      } else if (frame.kind === 'ticker') {
        tickers.push({ key: `${frame.product_id}/${frame.trade_id}`, side: frame.side });
        assert.deepEqual(parseTrades(frame), { trades: [], rejects: [] }, 'a ticker repeats a match: no trade');
      }
    }
    const paired = tickers.filter((ticker) => matches.has(ticker.key));
    assert.ok(paired.length > 50);
    for (const ticker of paired) assert.notEqual(ticker.side, matches.get(ticker.key)?.maker);
  });

  it('parses the tardis-node messages: 0001-01-01 time reported, "0.-10000" kept for the reader to reject', () => {
    const frames = lines('tardis-node_mappers_test_coinbase_messages.ndjson').map(parsed);
    const zero = frames.find((frame) => frame.kind === 'other' && frame.time?.startsWith('0001'));
    assert.ok(zero && zero.kind === 'other');
    assert.equal(zero.time_us, null);
    assert.match(zero.time_error ?? '', /placeholder/);
    const match = frames.find((frame) => frame.kind === 'match');
    assert.ok(match && match.kind === 'match');
    assert.equal(match.time_us, 1564617603816000n);
  });

  it('parses every l2update sample and every sandbox fixture', () => {
    for (const line of lines('l2update_sample_2021-04-17.ndjson')) assert.equal(parsed(line).kind, 'other');
    const sandbox = path.join(FIXTURES, 'bennycode-sandbox');
    for (const file of [
      'heartbeat__ETH-EUR.json',
      'matches__BTC-USD.json',
      'ticker__BTC-USD.json',
      'ticker__unsubscribe-error.json',
    ]) {
      parsed(readFileSync(path.join(sandbox, file), 'utf8'));
    }
    const error = parsed(readFileSync(path.join(sandbox, 'ticker__unsubscribe-error.json'), 'utf8'));
    assert.deepEqual(error, { kind: 'error', message: 'Failed to unsubscribe', reason: 'No channels provided' });
  });
});

describe('parseFrame quirks and bad input', () => {
  const match = (fields: Record<string, unknown>) =>
    JSON.stringify({
      type: 'match',
      trade_id: 10,
      maker_order_id: 'a',
      taker_order_id: 'b',
      side: 'sell',
      size: '0.5',
      price: '100.25',
      product_id: 'BTC-USD',
      sequence: 7,
      time: '2026-01-02T03:04:05.123456Z',
      ...fields,
    });

  it('rejects a size like "0.-10000" with a reason instead of crashing', () => {
    const { trades, rejects } = parseTrades(parsed(match({ size: '0.-10000' })));
    assert.equal(trades.length, 0);
    assert.match(rejects[0]?.reason ?? '', /size "0\.-10000" is not a plain decimal/);
  });

  it('truncates 9 fractional digits to microseconds and rejects the placeholder time', () => {
    const [trade] = parseTrades(parsed(match({ time: '2026-01-02T03:04:05.123456789Z' }))).trades;
    assert.equal(trade?.exchange_time_us, 1767323045123456n);
    const zero = parseTrades(parsed(match({ time: '0001-01-01T00:00:00.000000Z' })));
    assert.equal(zero.trades.length, 0);
    assert.match(zero.rejects[0]?.reason ?? '', /placeholder/);
  });

  it('reports frames it cannot use, with a reason', () => {
    const cases: [string, RegExp][] = [
      ['{"type":"match","trade_id":1', /not JSON/],
      ['[1,2]', /not a JSON object/],
      ['{"foo":1}', /neither a type nor a channel/],
      [match({ trade_id: 'x' }), /valid trade_id/],
      [match({ trade_id: 2 ** 60 }), /valid trade_id/],
      [match({ product_id: undefined }), /without product_id/],
      ['{"type":"heartbeat","product_id":"BTC-USD"}', /last_trade_id/],
    ];
    for (const [text, reason] of cases) {
      const result = parseFrame(text);
      assert.equal(result.ok, false, text);
      if (!result.ok) assert.match(result.reason, reason);
    }
  });

  it('rejects trades with a bad side, price or time and says which', () => {
    const reasons = [
      match({ side: 'up' }),
      match({ price: '1e5' }),
      match({ price: '0' }),
      match({ price: 5 }),
      match({ time: 'yesterday' }),
      match({ time: '2026-02-30T00:00:00Z' }),
    ].map((text) => parseTrades(parsed(text)).rejects[0]?.reason);
    assert.deepEqual(
      reasons.map((reason) => reason?.split(' ')[0]),
      ['side', 'price', 'price', 'price', 'unparseable', 'no'],
    );
  });

  it('never throws on arbitrary text or arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const result = parseFrame(text);
        if (result.ok) parseTrades(result.frame);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(
            'type',
            'trade_id',
            'product_id',
            'time',
            'side',
            'price',
            'size',
            'last_trade_id',
            'channel',
            'events',
          ),
          fc.jsonValue(),
        ),
        (object) => {
          const result = parseFrame(JSON.stringify({ type: 'match', ...object }));
          if (result.ok) parseTrades(result.frame);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('Advanced Trade frames', () => {
  const frame = {
    channel: 'market_trades',
    client_id: '',
    timestamp: '2026-08-09T21:05:48.854840045Z',
    sequence_num: 3,
    events: [
      {
        type: 'update',
        trades: [
          {
            trade_id: '1002',
            product_id: 'BTC-USD',
            price: '60000.01',
            size: '0.001',
            side: 'SELL',
            time: '2026-08-09T21:05:48.8Z',
          },
          {
            trade_id: '1001',
            product_id: 'BTC-USD',
            price: '60000',
            size: '0.002',
            side: 'BUY',
            time: '2026-08-09T21:05:48.8Z',
          },
        ],
      },
    ],
  };

  it('parses market_trades: string trade ids, upper-case maker sides, 9-digit timestamps', () => {
    const parsedFrame = parsed(JSON.stringify(frame));
    assert.equal(parsedFrame.kind, 'advanced-trade');
    if (parsedFrame.kind !== 'advanced-trade') return;
    assert.equal(parsedFrame.timestamp_us, 1786309548854840n);
    assert.deepEqual(parsedFrame.product_ids, ['BTC-USD']);
    const { trades } = parseTrades(parsedFrame);
    assert.deepEqual(
      trades.map((trade) => [trade.trade_id, trade.maker_side, trade.taker_side]),
      [
        [1002n, 'sell', 'buy'],
        [1001n, 'buy', 'sell'],
      ],
    );
  });

  it('parses heartbeats whose current_time is in Go format', () => {
    const heartbeat = parsed(
      JSON.stringify({
        channel: 'heartbeats',
        timestamp: '2026-08-09T21:05:49.0Z',
        sequence_num: 4,
        events: [{ current_time: '2026-08-09 21:05:48.854840045 +0000 UTC m=+41691.26', heartbeat_counter: 41 }],
      }),
    );
    assert.ok(heartbeat.kind === 'advanced-trade');
    assert.deepEqual(heartbeat.heartbeat, { current_time_us: 1786309548854840n, heartbeat_counter: 41n });
  });
});

describe('summarizeFrame', () => {
  it('gives the bronze columns for each kind of frame and the reason for unparseable ones', () => {
    const match = summarizeFrame(
      parseFrame(
        '{"type":"last_match","trade_id":7,"side":"buy","size":"1","price":"2","product_id":"BTC-USD","sequence":9,"time":"2021-04-17T16:43:30.244075Z"}',
      ),
    );
    assert.deepEqual(match, {
      event_type: 'last_match',
      product_id: 'BTC-USD',
      trade_id: 7n,
      sequence: 9n,
      exchange_time_us: 1618677810244075n,
      time_error: null,
      parse_error: null,
    });
    const zero = summarizeFrame(
      parseFrame('{"type":"l2update","product_id":"BTC-EUR","changes":[],"time":"0001-01-01T00:00:00.000000Z"}'),
    );
    assert.equal(zero.event_type, 'l2update');
    assert.equal(zero.exchange_time_us, null);
    assert.match(zero.time_error ?? '', /placeholder/);
    const broken = summarizeFrame(parseFrame('{"type":"mat'));
    assert.equal(broken.event_type, null);
    assert.match(broken.parse_error ?? '', /not JSON/);
    const subscriptions = summarizeFrame(parseFrame('{"type":"subscriptions","channels":[]}'));
    assert.deepEqual([subscriptions.event_type, subscriptions.product_id], ['subscriptions', null]);
  });
});
