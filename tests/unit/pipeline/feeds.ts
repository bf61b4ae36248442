/**
 * Generated Coinbase Exchange feeds for pipeline tests: match frames with exact decimal prices and
 * sizes, their ticker twins, duplicates (redelivered matches and last_match repeats), reordering,
 * and malformed frames. Also knows the distinct valid trades the feed carries.
 */
import { formatTimeMicros } from '../../../layers/coinbase/index.js';
import type { DecodedRecord } from '../../../layers/kafka/index.js';
import { HEADER_RECEIVED_AT, HEADER_SOURCE, type OutgoingRecord } from '../../../layers/kafka/index.js';
import { seededRandom } from '../../../producer/simulator/random.js';
import type { RefTrade } from './referenceGold.js';

export interface FeedFrame {
  readonly text: string;
  readonly receivedAtUs: bigint;
}

export interface GeneratedFeed {
  readonly frames: FeedFrame[];
  readonly trades: RefTrade[];
  readonly malformed: number;
}

function decimal(rand: () => number, integerMax: number, digits: number): string {
  const integer = Math.floor(rand() * integerMax);
  const fraction = Array.from({ length: digits }, () => Math.floor(rand() * 10)).join('');
  const text = `${integer}.${fraction}`;
  return /[1-9]/.test(text) ? text : `${integer + 1}.${fraction}`;
}

export function matchFrame(trade: RefTrade, type: 'match' | 'last_match' = 'match', sequence = 1): string {
  return JSON.stringify({
    type,
    trade_id: Number(trade.trade_id),
    maker_order_id: 'a',
    taker_order_id: 'b',
    side: trade.taker_side === 'buy' ? 'sell' : 'buy',
    size: trade.size,
    price: trade.price,
    product_id: trade.product_id,
    sequence,
    time: formatTimeMicros(trade.exchange_time_us),
  });
}

export function generateFeed(options: {
  seed: number;
  products: readonly string[];
  tradesPerProduct: number;
  startUs: bigint;
  spanUs: bigint;
}): GeneratedFeed {
  // The simulator's seeded PRNG, so failures reproduce.
  const rand = seededRandom(options.seed);
  const trades: RefTrade[] = [];
  const frames: FeedFrame[] = [];
  let malformed = 0;
  for (const product of options.products) {
    let tradeId = 1000n + BigInt(Math.floor(rand() * 1000));
    let time = options.startUs;
    const step = options.spanUs / BigInt(options.tradesPerProduct);
    for (let i = 0; i < options.tradesPerProduct; i += 1) {
      tradeId += 1n;
      time += BigInt(Math.floor(rand() * Number(step) * 2));
      const latencyMs = BigInt(Math.floor(rand() * 300) - 20);
      const trade: RefTrade = {
        product_id: product,
        trade_id: tradeId,
        price: decimal(rand, 50_000, 1 + Math.floor(rand() * 8)),
        size: decimal(rand, 3, 1 + Math.floor(rand() * 8)),
        taker_side: rand() < 0.5 ? 'buy' : 'sell',
        exchange_time_us: time,
        ingest_latency_ms: latencyMs,
      };
      trades.push(trade);
      const receivedAtUs = time + latencyMs * 1000n;
      frames.push({ text: matchFrame(trade, 'match', i), receivedAtUs });
      if (rand() < 0.3) {
        frames.push({
          text: JSON.stringify({
            type: 'ticker',
            product_id: product,
            price: trade.price,
            side: trade.taker_side,
            trade_id: Number(trade.trade_id),
            last_size: trade.size,
            time: formatTimeMicros(time),
          }),
          receivedAtUs,
        });
      }
      // Redeliveries carry the producer headers of the original, so which copy wins does not change latency.
      if (rand() < 0.1) frames.push({ text: matchFrame(trade, 'match', i), receivedAtUs });
      if (rand() < 0.05) frames.push({ text: matchFrame(trade, 'last_match', i), receivedAtUs });
      if (rand() < 0.04) {
        malformed += 1;
        frames.push({ text: matchFrame(trade, 'match', i).slice(0, 40), receivedAtUs });
      }
      if (rand() < 0.03) {
        malformed += 1;
        frames.push({
          text: matchFrame({ ...trade, trade_id: trade.trade_id + 1_000_000n, size: '0.-10000' }, 'match', i),
          receivedAtUs,
        });
      }
    }
  }
  // Reorder locally: swap neighbours so frames arrive out of trade_id order.
  for (let i = 1; i < frames.length; i += 1) {
    if (rand() < 0.2) [frames[i - 1], frames[i]] = [frames[i] as FeedFrame, frames[i - 1] as FeedFrame];
  }
  return { frames, trades, malformed };
}

/** Kafka records as bronzeWriter receives them, spread over `partitions` partitions. */
export function toRecords(frames: readonly FeedFrame[], topic: string, partitions: number): DecodedRecord[] {
  const next = new Array<bigint>(partitions).fill(0n);
  return frames.map((frame, index) => {
    const partition = index % partitions;
    const offset = next[partition] as bigint;
    next[partition] = offset + 1n;
    return {
      topic,
      partition,
      offset,
      timestampMs: Number(frame.receivedAtUs / 1000n),
      value: frame.text,
      headers: new Map([
        ['received_at', String(frame.receivedAtUs)],
        ['source', 'simulator'],
      ]),
    };
  });
}

/** A frame as the producer would publish it from the simulator: unkeyed, with its receipt-time headers. */
export function feedRecord(frame: FeedFrame): OutgoingRecord {
  return {
    key: null,
    value: frame.text,
    headers: { [HEADER_RECEIVED_AT]: String(frame.receivedAtUs), [HEADER_SOURCE]: 'simulator' },
  };
}
