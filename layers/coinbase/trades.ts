/**
 * parseTrades: the trades a frame carries, validated, with maker and taker sides made explicit.
 * Exchange `match`/`last_match`, Advanced Trade `market_trades` and the producer's `backfill_trade`
 * carry the MAKER side in `side`; `ticker` repeats a match (with the taker side) and yields nothing.
 */
import { checkDecimal } from './decimal.js';
import type { CoinbaseFrame, Side, Trade, TradeReject } from './frames.js';
import { readInteger } from './parse.js';
import { checkProductId } from './productId.js';
import { parseTimeMicros } from './time.js';

export interface TradesResult {
  readonly trades: Trade[];
  readonly rejects: TradeReject[];
}

interface RawTrade {
  product_id: unknown;
  trade_id: unknown;
  price: unknown;
  size: unknown;
  side: unknown;
  time: unknown;
}

function makerSide(value: unknown): Side | null {
  if (typeof value !== 'string') return null;
  const lowered = value.toLowerCase();
  return lowered === 'buy' || lowered === 'sell' ? lowered : null;
}

/** Validates one raw trade; `time_us` may be supplied already parsed (frames parse their own time). */
export function validateTrade(raw: RawTrade): { ok: true; trade: Trade } | { ok: false; reject: TradeReject } {
  const product = checkProductId(raw.product_id);
  // A reject keeps only a valid product id: an invalid one lives on exactly in the raw frame.
  const productId = product.ok ? product.value : null;
  const tradeId = typeof raw.trade_id === 'bigint' ? raw.trade_id : readInteger(raw.trade_id);
  const reject = (reason: string) => ({
    ok: false as const,
    reject: { product_id: productId, trade_id: tradeId, reason },
  });
  if (!product.ok) return reject(product.reason);
  if (tradeId === null) return reject('trade_id missing or not a non-negative integer');
  const price = checkDecimal('price', raw.price, { positive: true });
  if (!price.ok) return reject(price.reason);
  const size = checkDecimal('size', raw.size, { positive: true });
  if (!size.ok) return reject(size.reason);
  const side = makerSide(raw.side);
  if (side === null) return reject(`side ${JSON.stringify(raw.side)} is neither buy nor sell`);
  const time = parseTimeMicros(raw.time);
  if (!time.ok) return reject(time.reason);
  return {
    ok: true,
    trade: {
      product_id: product.value,
      trade_id: tradeId,
      price: price.value,
      size: size.value,
      maker_side: side,
      taker_side: side === 'buy' ? 'sell' : 'buy',
      exchange_time_us: time.micros,
    },
  };
}

export function parseTrades(frame: CoinbaseFrame): TradesResult {
  const result: TradesResult = { trades: [], rejects: [] };
  const add = (raw: RawTrade) => {
    const checked = validateTrade(raw);
    if (checked.ok) result.trades.push(checked.trade);
    else result.rejects.push(checked.reject);
  };
  switch (frame.kind) {
    case 'match':
    case 'backfill_trade':
      add(frame);
      break;
    case 'advanced-trade':
      for (const event of frame.market_trades) for (const trade of event.trades) add(trade);
      break;
    default:
      break;
  }
  return result;
}
