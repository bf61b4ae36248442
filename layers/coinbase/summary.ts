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

function summary(
  frame: CoinbaseFrame,
  trade_id: bigint | null,
  sequence: bigint | null,
  exchange_time_us: bigint | null,
  time_error: string | null,
): FrameSummary {
  // One object per frame (no spreads): bronze summarises every frame, at tens of thousands per second.
  return {
    event_type: eventType(frame),
    product_id: frameProductId(frame),
    trade_id,
    sequence,
    exchange_time_us,
    time_error,
    parse_error: null,
  };
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
  switch (frame.kind) {
    case 'match':
    case 'ticker':
      return summary(frame, frame.trade_id, frame.sequence, frame.time_us, frame.time_error);
    case 'backfill_trade':
      return summary(frame, frame.trade_id, null, frame.time_us, frame.time_error);
    case 'heartbeat':
      return summary(frame, frame.last_trade_id, frame.sequence, frame.time_us, frame.time_error);
    case 'gap':
    case 'other':
      return summary(frame, null, null, frame.time_us, frame.time_error);
    case 'advanced-trade':
      return summary(
        frame,
        null,
        frame.sequence_num,
        frame.timestamp_us,
        frame.timestamp_us === null ? 'timestamp missing or unparseable' : null,
      );
    default:
      return summary(frame, null, null, null, null);
  }
}
