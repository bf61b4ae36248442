/**
 * The per-frame columns of bronze.coinbase_events, from a parse result: what a frame is, which
 * product and trade it is about, and its exchange time; or why it could not be parsed.
 */
import type { CoinbaseFrame, FrameResult } from './frames.js';
import { frameProductId } from './parse.js';

export interface FrameSummary {
  /** The frame's `type` (Exchange and producer frames) or `channel` (Advanced Trade); null if unparseable. */
  readonly event_type: string | null;
  readonly product_id: string | null;
  /** The trade it carries (match, ticker, backfill_trade), or a heartbeat's last_trade_id; else null. */
  readonly trade_id: bigint | null;
  /** `sequence` (Exchange) or `sequence_num` (Advanced Trade). */
  readonly sequence: bigint | null;
  /** Exchange time in epoch microseconds; null when absent or unparseable (see time_error). */
  readonly exchange_time_us: bigint | null;
  readonly time_error: string | null;
  readonly parse_error: string | null;
}

function eventType(frame: CoinbaseFrame): string {
  switch (frame.kind) {
    case 'match':
    case 'other':
      return frame.type;
    case 'advanced-trade':
      return frame.channel;
    default:
      return frame.kind;
  }
}

export function summarizeFrame(result: FrameResult): FrameSummary {
  if (!result.ok) {
    return {
      event_type: null,
      product_id: null,
      trade_id: null,
      sequence: null,
      exchange_time_us: null,
      time_error: null,
      parse_error: result.reason,
    };
  }
  const frame = result.frame;
  const base = { event_type: eventType(frame), product_id: frameProductId(frame), parse_error: null };
  switch (frame.kind) {
    case 'match':
    case 'ticker':
    case 'backfill_trade':
      return {
        ...base,
        trade_id: frame.trade_id,
        sequence: 'sequence' in frame ? frame.sequence : null,
        exchange_time_us: frame.time_us,
        time_error: frame.time_error,
      };
    case 'heartbeat':
      return {
        ...base,
        trade_id: frame.last_trade_id,
        sequence: frame.sequence,
        exchange_time_us: frame.time_us,
        time_error: frame.time_error,
      };
    case 'gap':
    case 'other':
      return { ...base, trade_id: null, sequence: null, exchange_time_us: frame.time_us, time_error: frame.time_error };
    case 'advanced-trade':
      return {
        ...base,
        trade_id: null,
        sequence: frame.sequence_num,
        exchange_time_us: frame.timestamp_us,
        time_error: frame.timestamp_us === null ? 'timestamp missing or unparseable' : null,
      };
    default:
      return { ...base, trade_id: null, sequence: null, exchange_time_us: null, time_error: null };
  }
}
