/** Exchange-protocol frames as the simulator sends them (field order as Coinbase writes them). */
import { formatTimeMicros, nowMicros } from '../../layers/coinbase/index.js';
import type { Market, SimTrade } from './Market.js';

export function matchFrame(trade: SimTrade, type: 'match' | 'last_match' = 'match'): string {
  return JSON.stringify({
    type,
    trade_id: trade.trade_id,
    maker_order_id: trade.maker_order_id,
    taker_order_id: trade.taker_order_id,
    side: trade.side,
    size: trade.size,
    price: trade.price,
    product_id: trade.product_id,
    sequence: trade.sequence,
    time: trade.time,
  });
}

/** The ticker for a trade: same trade_id, sequence, time, price and size; `side` is the TAKER side. */
export function tickerFrame(trade: SimTrade, market: Market): string {
  const stats = market.stats(trade.product_id);
  return JSON.stringify({
    type: 'ticker',
    sequence: trade.sequence,
    product_id: trade.product_id,
    price: trade.price,
    open_24h: stats.open24h,
    volume_24h: stats.volume24h,
    low_24h: stats.low24h,
    high_24h: stats.high24h,
    volume_30d: stats.volume24h,
    best_bid: trade.price,
    best_bid_size: '0.10000000',
    best_ask: trade.price,
    best_ask_size: '0.10000000',
    side: trade.side === 'buy' ? 'sell' : 'buy',
    time: trade.time,
    trade_id: trade.trade_id,
    last_size: trade.size,
  });
}

export function heartbeatFrame(productId: string, market: Market): string {
  return JSON.stringify({
    type: 'heartbeat',
    last_trade_id: market.lastTradeId(productId),
    product_id: productId,
    sequence: market.nextSequence(productId),
    time: formatTimeMicros(nowMicros()),
  });
}

export function subscriptionsFrame(channels: ReadonlyMap<string, ReadonlySet<string>>): string {
  return JSON.stringify({
    type: 'subscriptions',
    channels: [...channels.entries()].map(([name, products]) => ({ name, product_ids: [...products] })),
  });
}

export function errorFrame(message: string, reason: string): string {
  return JSON.stringify({ type: 'error', message, reason });
}
