/**
 * parseFrame: frame text -> typed frame, or a reason it could not be understood. Never throws: any
 * input (truncated JSON, wrong types, unknown types) gives `{ ok: false, reason }` or an `other` frame.
 */
import { parse as parseStrictJson } from 'lossless-json';
import type { AdvancedTradeFrame, AdvancedTradeTrade, CoinbaseFrame, FrameResult } from './frames.js';
import { checkProductId } from './productId.js';
import { parseGoTimeMicros, parseTimeMicros } from './time.js';

type Json = Record<string, unknown>;

const fail = (reason: string): FrameResult => ({ ok: false, reason });
const ok = (frame: CoinbaseFrame): FrameResult => ({ ok: true, frame });

/** A non-negative integer sent as a JSON number (exact only up to 2^53) or as a digit string. */
export function readInteger(value: unknown): bigint | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : null;
  if (typeof value === 'string' && /^\d{1,19}$/.test(value)) return BigInt(value);
  return null;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function timed(value: unknown) {
  if (value === undefined || value === null) return { time: null, time_us: null, time_error: 'time missing' };
  const parsed = parseTimeMicros(value);
  return {
    time: typeof value === 'string' ? value : null,
    time_us: parsed.ok ? parsed.micros : null,
    time_error: parsed.ok ? null : parsed.reason,
  };
}

function requireProduct(json: Json, type: string): string | FrameResult {
  if (json.product_id === undefined || json.product_id === null || json.product_id === '') {
    return fail(`${type} frame without product_id`);
  }
  const product = checkProductId(json.product_id);
  return product.ok ? product.value : fail(`${type} frame: ${product.reason}`);
}

/** A product id the frame names, when it is a valid one (frames the pipeline does not read keep theirs optional). */
function optionalProduct(value: unknown): string | null {
  const product = checkProductId(value);
  return product.ok ? product.value : null;
}

function parseExchange(json: Json, type: string): FrameResult {
  switch (type) {
    case 'match':
    case 'last_match': {
      const product = requireProduct(json, type);
      if (typeof product !== 'string') return product;
      const tradeId = readInteger(json.trade_id);
      if (tradeId === null) return fail(`${type} ${product} without a valid trade_id`);
      return ok({
        kind: 'match',
        type,
        product_id: product,
        trade_id: tradeId,
        sequence: readInteger(json.sequence),
        maker_order_id: str(json.maker_order_id),
        taker_order_id: str(json.taker_order_id),
        side: json.side,
        price: json.price,
        size: json.size,
        ...timed(json.time),
      });
    }
    case 'ticker': {
      const product = requireProduct(json, type);
      if (typeof product !== 'string') return product;
      return ok({
        kind: 'ticker',
        product_id: product,
        trade_id: readInteger(json.trade_id),
        sequence: readInteger(json.sequence),
        price: json.price,
        side: json.side,
        last_size: json.last_size,
        ...timed(json.time),
      });
    }
    case 'heartbeat': {
      const product = requireProduct(json, type);
      if (typeof product !== 'string') return product;
      const last = readInteger(json.last_trade_id);
      if (last === null) return fail(`heartbeat ${product} without a valid last_trade_id`);
      return ok({
        kind: 'heartbeat',
        product_id: product,
        sequence: readInteger(json.sequence),
        last_trade_id: last,
        ...timed(json.time),
      });
    }
    case 'error':
      return ok({ kind: 'error', message: str(json.message) ?? '', reason: str(json.reason) });
    case 'subscriptions': {
      if (!Array.isArray(json.channels)) return fail('subscriptions frame without a channels array');
      const channels = json.channels.flatMap((channel: unknown) => {
        if (typeof channel === 'string') return [{ name: channel, product_ids: [] }];
        if (!channel || typeof channel !== 'object') return [];
        const { name, product_ids } = channel as Json;
        return typeof name === 'string'
          ? [
              {
                name,
                product_ids: Array.isArray(product_ids) ? product_ids.filter((id) => typeof id === 'string') : [],
              },
            ]
          : [];
      });
      return ok({ kind: 'subscriptions', channels });
    }
    case 'backfill_trade': {
      const product = requireProduct(json, type);
      if (typeof product !== 'string') return product;
      const tradeId = readInteger(json.trade_id);
      if (tradeId === null) return fail(`backfill_trade ${product} without a valid trade_id`);
      return ok({
        kind: 'backfill_trade',
        product_id: product,
        trade_id: tradeId,
        side: json.side,
        price: json.price,
        size: json.size,
        ...timed(json.time),
      });
    }
    case 'gap': {
      const product = requireProduct(json, type);
      if (typeof product !== 'string') return product;
      const first = readInteger(json.first_trade_id);
      const last = readInteger(json.last_trade_id);
      if (first === null || last === null || last < first) return fail(`gap ${product} without a valid trade_id range`);
      return ok({
        kind: 'gap',
        product_id: product,
        first_trade_id: first,
        last_trade_id: last,
        detected_by: str(json.detected_by) ?? '',
        reason: str(json.reason) ?? '',
        ...timed(json.time),
      });
    }
    default:
      return ok({ kind: 'other', type, product_id: optionalProduct(json.product_id), ...timed(json.time) });
  }
}

function parseAdvancedTrade(json: Json, channel: string): FrameResult {
  if (!Array.isArray(json.events)) return fail(`advanced-trade ${channel} frame without an events array`);
  const timestamp = str(json.timestamp);
  const parsedTimestamp = parseTimeMicros(timestamp);
  const marketTrades: { type: string; trades: AdvancedTradeTrade[] }[] = [];
  const products = new Set<string>();
  let heartbeat: AdvancedTradeFrame['heartbeat'] = null;
  for (const event of json.events as unknown[]) {
    if (!event || typeof event !== 'object') continue;
    const body = event as Json;
    if (channel === 'market_trades' && Array.isArray(body.trades)) {
      const trades = body.trades.filter((trade): trade is AdvancedTradeTrade => !!trade && typeof trade === 'object');
      for (const trade of trades) {
        const product = optionalProduct(trade.product_id);
        if (product !== null) products.add(product);
      }
      marketTrades.push({ type: str(body.type) ?? '', trades });
    } else if (channel === 'heartbeats') {
      const current = parseGoTimeMicros(body.current_time);
      heartbeat = {
        current_time_us: current.ok ? current.micros : null,
        heartbeat_counter: readInteger(body.heartbeat_counter),
      };
    }
  }
  return ok({
    kind: 'advanced-trade',
    channel,
    timestamp,
    timestamp_us: parsedTimestamp.ok ? parsedTimestamp.micros : null,
    sequence_num: readInteger(json.sequence_num),
    market_trades: marketTrades,
    heartbeat,
    product_ids: [...products],
  });
}

/** Coinbase frames are a few KB at most (a 100-trade snapshot is ~20 KB); anything far larger is not one. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

export interface ParseFrameOptions {
  /** Frames longer than this (in UTF-8 bytes) are refused with a reason; default DEFAULT_MAX_FRAME_BYTES. */
  readonly maxFrameBytes?: number;
}

/** JSON numbers as JS numbers, as JSON.parse gives them (readInteger refuses the unsafe ones). */
const asNumber = (digits: string): number => Number(digits);

/**
 * Parses one WebSocket frame (Exchange, Advanced Trade, or the producer's own backfill/gap frames).
 * The JSON is read strictly: a key that appears twice with different values is refused (JSON.parse
 * would keep the last one silently).
 */
export function parseFrame(text: string | Buffer, options: ParseFrameOptions = {}): FrameResult {
  const maxBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const bytes = typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.length;
  if (bytes > maxBytes) return fail(`frame of ${bytes} bytes is larger than the ${maxBytes}-byte limit`);
  let json: unknown;
  try {
    json = parseStrictJson(typeof text === 'string' ? text : text.toString('utf8'), null, asNumber);
  } catch (error) {
    return fail(`not JSON: ${(error as Error).message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return fail('frame is not a JSON object');
  const object = json as Json;
  if (typeof object.type === 'string') return parseExchange(object, object.type);
  if (typeof object.channel === 'string') return parseAdvancedTrade(object, object.channel);
  return fail('frame has neither a type nor a channel');
}

/** The product a frame is about (the Kafka key), or null for connection-level frames. */
export function frameProductId(frame: CoinbaseFrame): string | null {
  switch (frame.kind) {
    case 'error':
    case 'subscriptions':
      return null;
    case 'advanced-trade':
      return frame.product_ids[0] ?? null;
    default:
      return frame.product_id;
  }
}
