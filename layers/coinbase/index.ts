/**
 * Coinbase protocol knowledge shared by the producer and the pipeline (pure: no I/O).
 *
 * - parseFrame(text): typed Exchange / Advanced Trade / producer frame, or `{ ok: false, reason }`.
 * - parseTrades(frame): validated trades (decimal strings kept as strings, maker and taker sides,
 *   exchange time in epoch microseconds) and the rejects with their reasons.
 * - parseTimeMicros / parseGoTimeMicros / formatTimeMicros: timestamps, including Coinbase's quirks.
 * - summarizeFrame(result): the bronze columns (event_type, product_id, trade_id, sequence, exchange time, parse_error).
 * - TradeGapTracker: gap detection by trade_id and heartbeat last_trade_id.
 * - backfillTradeFrame / gapFrame: the producer's own frames.
 */
export { checkDecimal } from './decimal.js';
export type {
  AdvancedTradeFrame,
  AdvancedTradeTrade,
  BackfillTradeFrame,
  CoinbaseFrame,
  ErrorFrame,
  FrameResult,
  GapFrame,
  HeartbeatFrame,
  MatchFrame,
  OtherExchangeFrame,
  Side,
  SubscriptionsFrame,
  TickerFrame,
  Trade,
  TradeReject,
} from './frames.js';
export { type GapDetector, type MissingRange, TradeGapTracker, type TradeObservation } from './gaps.js';
export { DEFAULT_MAX_FRAME_BYTES, frameProductId, type ParseFrameOptions, parseFrame, readInteger } from './parse.js';
export { checkProductId, type ProductIdResult } from './productId.js';
export { type FrameSummary, summarizeFrame } from './summary.js';
export { backfillTradeFrame, gapFrame, type RestTrade } from './synthetic.js';
export { formatTimeMicros, nowMicros, parseGoTimeMicros, parseTimeMicros, type TimeResult } from './time.js';
export { parseTrades, type TradesResult, validateTrade } from './trades.js';
