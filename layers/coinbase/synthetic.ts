/**
 * Frames the producer writes itself (documented in producer/README.md), published with the
 * `source: backfill` header so bronze keeps them apart from what the exchange sent:
 * - `backfill_trade`: one trade recovered from REST, fields as REST gives them (maker `side`).
 * - `gap`: a trade_id range that was missed and could not be recovered.
 */
import { formatTimeMicros } from './time.js';

export interface RestTrade {
  readonly trade_id: number | string;
  readonly price: string;
  readonly size: string;
  readonly side: string;
  readonly time: string;
}

export function backfillTradeFrame(productId: string, trade: RestTrade): string {
  return JSON.stringify({
    type: 'backfill_trade',
    product_id: productId,
    trade_id: Number(trade.trade_id),
    side: trade.side,
    price: trade.price,
    size: trade.size,
    time: trade.time,
  });
}

export function gapFrame(gap: {
  productId: string;
  first: bigint;
  last: bigint;
  detectedBy: string;
  reason: string;
  nowMicros: bigint;
}): string {
  return JSON.stringify({
    type: 'gap',
    product_id: gap.productId,
    first_trade_id: Number(gap.first),
    last_trade_id: Number(gap.last),
    detected_by: gap.detectedBy,
    reason: gap.reason,
    time: formatTimeMicros(gap.nowMicros),
  });
}
