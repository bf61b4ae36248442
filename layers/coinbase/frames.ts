/**
 * Typed Coinbase frames. Field names mirror the wire (snake_case) so a frame reads like the JSON it
 * came from; derived values carry a suffix (`time_us` = exchange time in epoch microseconds, null
 * when absent or unparseable, with `time_error` saying why).
 */

export type Side = 'buy' | 'sell';

interface Timed {
  readonly time: string | null;
  readonly time_us: bigint | null;
  readonly time_error: string | null;
}

/** Exchange `match` / `last_match`: `side` is the MAKER order's side. */
export interface MatchFrame extends Timed {
  readonly kind: 'match';
  readonly type: 'match' | 'last_match';
  readonly product_id: string;
  readonly trade_id: bigint;
  readonly sequence: bigint | null;
  readonly maker_order_id: string | null;
  readonly taker_order_id: string | null;
  readonly side: unknown;
  readonly price: unknown;
  readonly size: unknown;
}

/** Exchange `ticker`: `side` is the TAKER side (opposite of the same trade's match). */
export interface TickerFrame extends Timed {
  readonly kind: 'ticker';
  readonly product_id: string;
  readonly trade_id: bigint | null;
  readonly sequence: bigint | null;
  readonly price: unknown;
  readonly side: unknown;
  readonly last_size: unknown;
}

export interface HeartbeatFrame extends Timed {
  readonly kind: 'heartbeat';
  readonly product_id: string;
  readonly sequence: bigint | null;
  readonly last_trade_id: bigint;
}

export interface ErrorFrame {
  readonly kind: 'error';
  readonly message: string;
  readonly reason: string | null;
}

export interface SubscriptionsFrame {
  readonly kind: 'subscriptions';
  readonly channels: readonly { readonly name: string; readonly product_ids: readonly string[] }[];
}

/** Any other Exchange frame type (l2update, snapshot, status, ...): kept, not interpreted. */
export interface OtherExchangeFrame extends Timed {
  readonly kind: 'other';
  readonly type: string;
  readonly product_id: string | null;
}

/** One trade inside an Advanced Trade `market_trades` event (`trade_id` is a string on the wire). */
export interface AdvancedTradeTrade {
  readonly trade_id: unknown;
  readonly product_id: unknown;
  readonly price: unknown;
  readonly size: unknown;
  readonly side: unknown;
  readonly time: unknown;
}

/** Advanced Trade envelope `{channel, timestamp, sequence_num, events}`. */
export interface AdvancedTradeFrame {
  readonly kind: 'advanced-trade';
  readonly channel: string;
  readonly timestamp: string | null;
  readonly timestamp_us: bigint | null;
  readonly sequence_num: bigint | null;
  /** market_trades events flattened: the event type (snapshot | update) and its trades. */
  readonly market_trades: readonly { readonly type: string; readonly trades: readonly AdvancedTradeTrade[] }[];
  /** heartbeats: `current_time` (Go format) parsed to micros, and `heartbeat_counter`. */
  readonly heartbeat: { readonly current_time_us: bigint | null; readonly heartbeat_counter: bigint | null } | null;
  readonly product_ids: readonly string[];
}

/** Written by the producer: one trade recovered from REST `/products/{id}/trades` (see producer/README.md). */
export interface BackfillTradeFrame extends Timed {
  readonly kind: 'backfill_trade';
  readonly product_id: string;
  readonly trade_id: bigint;
  readonly side: unknown;
  readonly price: unknown;
  readonly size: unknown;
}

/** Written by the producer: a range of trade_ids that was missed and could not be recovered. */
export interface GapFrame extends Timed {
  readonly kind: 'gap';
  readonly product_id: string;
  readonly first_trade_id: bigint;
  readonly last_trade_id: bigint;
  readonly detected_by: string;
  readonly reason: string;
}

export type CoinbaseFrame =
  | MatchFrame
  | TickerFrame
  | HeartbeatFrame
  | ErrorFrame
  | SubscriptionsFrame
  | OtherExchangeFrame
  | AdvancedTradeFrame
  | BackfillTradeFrame
  | GapFrame;

export type FrameResult = { ok: true; frame: CoinbaseFrame } | { ok: false; reason: string };

/** A validated trade, ready for silver.trades. */
export interface Trade {
  readonly product_id: string;
  readonly trade_id: bigint;
  readonly price: string;
  readonly size: string;
  readonly maker_side: Side;
  readonly taker_side: Side;
  readonly exchange_time_us: bigint;
}

/** A trade-bearing frame (or one trade inside it) that failed validation, with the reason. */
export interface TradeReject {
  readonly product_id: string | null;
  readonly trade_id: bigint | null;
  readonly reason: string;
}
