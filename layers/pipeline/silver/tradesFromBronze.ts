/**
 * Bronze rows -> validated trades and rejects (pure). Exchange match / last_match, Advanced Trade
 * market_trades and the producer's backfill_trade frames carry trades; a frame bronze could not
 * parse, or a trade that fails validation, becomes a reject with its reason.
 */
import { formatTimeMicros, parseFrame, parseTrades, type Trade } from '../../coinbase/index.js';
import { DEFAULT_FEED_LIMITS, type FeedLimits } from '../feedLimits.js';
import { DECIMAL_PRECISION, DECIMAL_SCALE } from '../tables/definitions.js';

/** Bronze event types that can carry trades (the rest are not read by silver). */
export const TRADE_EVENT_TYPES = ['match', 'last_match', 'market_trades', 'backfill_trade'] as const;

export interface BronzeLineage {
  readonly raw: string;
  readonly received_at_us: bigint;
  readonly source: string;
  readonly event_type: string | null;
  readonly kafka_topic: string;
  readonly kafka_partition: number;
  readonly kafka_offset: bigint;
  readonly parse_error: string | null;
}

export interface SilverTrade extends Trade {
  readonly event_type: string;
  readonly ingest_latency_ms: bigint;
  readonly bronze: BronzeLineage;
}

export interface SilverReject {
  readonly product_id: string | null;
  readonly trade_id: string | null;
  readonly reason: string;
  readonly bronze: BronzeLineage;
}

/** Rejects a decimal the silver column cannot hold exactly (never rounds). */
function decimalFitError(field: string, value: string): string | null {
  const [integer = '', fraction = ''] = value.split('.');
  if (fraction.replace(/0+$/, '').length > DECIMAL_SCALE) {
    return `${field} ${value} has more than ${DECIMAL_SCALE} fractional digits`;
  }
  if (integer.replace(/^0+/, '').length > DECIMAL_PRECISION - DECIMAL_SCALE) return `${field} ${value} is too large`;
  return null;
}

/** Why a trade's exchange time is outside the window around its receipt that limits allow, or null. */
function timeWindowError(exchangeUs: bigint, receivedUs: bigint, limits: FeedLimits): string | null {
  if (exchangeUs > receivedUs + limits.tradeMaxFutureUs) {
    return `exchange time ${formatTimeMicros(exchangeUs)} is more than ${limits.tradeMaxFutureUs / 1_000_000n} s after its receipt at ${formatTimeMicros(receivedUs)}`;
  }
  if (exchangeUs < receivedUs - limits.tradeMaxAgeUs) {
    return `exchange time ${formatTimeMicros(exchangeUs)} is more than ${limits.tradeMaxAgeUs / 3_600_000_000n} h before its receipt at ${formatTimeMicros(receivedUs)}`;
  }
  return null;
}

export function tradesFromBronze(
  rows: Iterable<BronzeLineage>,
  limits: FeedLimits = DEFAULT_FEED_LIMITS,
): { trades: SilverTrade[]; rejects: SilverReject[] } {
  const trades: SilverTrade[] = [];
  const rejects: SilverReject[] = [];
  for (const bronze of rows) {
    if (bronze.parse_error !== null) {
      rejects.push({ product_id: null, trade_id: null, reason: `frame not understood: ${bronze.parse_error}`, bronze });
      continue;
    }
    const parsed = parseFrame(bronze.raw, { maxFrameBytes: limits.maxFrameBytes });
    if (!parsed.ok) {
      rejects.push({ product_id: null, trade_id: null, reason: `frame not understood: ${parsed.reason}`, bronze });
      continue;
    }
    const result = parseTrades(parsed.frame);
    for (const reject of result.rejects) {
      rejects.push({
        product_id: reject.product_id,
        trade_id: reject.trade_id === null ? null : String(reject.trade_id),
        reason: reject.reason,
        bronze,
      });
    }
    const eventType = parsed.frame.kind === 'match' ? parsed.frame.type : (bronze.event_type ?? parsed.frame.kind);
    for (const trade of result.trades) {
      const fit =
        decimalFitError('price', trade.price) ??
        decimalFitError('size', trade.size) ??
        timeWindowError(trade.exchange_time_us, bronze.received_at_us, limits);
      if (fit !== null) {
        rejects.push({ product_id: trade.product_id, trade_id: String(trade.trade_id), reason: fit, bronze });
        continue;
      }
      trades.push({
        product_id: trade.product_id,
        trade_id: trade.trade_id,
        price: trade.price,
        size: trade.size,
        maker_side: trade.maker_side,
        taker_side: trade.taker_side,
        exchange_time_us: trade.exchange_time_us,
        event_type: eventType,
        // BigInt division truncates toward zero: -0.4 ms of clock skew is 0 ms.
        ingest_latency_ms: (bronze.received_at_us - trade.exchange_time_us) / 1000n,
        bronze,
      });
    }
  }
  return { trades, rejects };
}
