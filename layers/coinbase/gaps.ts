/**
 * Gap tracking by trade_id, which Coinbase keeps contiguous per product. A jump in trade_id (or a
 * heartbeat whose last_trade_id is ahead of the last trade seen) opens a missing range; trades that
 * arrive late (reordered) close their ids again; whoever recovers a trade claims its id, so the same
 * trade is never recovered twice. Ranges are kept as [first, last] pairs: multi-hour holes stay small.
 */

/** What revealed the gap; `dropped` = the producer itself could not write the trade to Kafka. */
export type GapDetector = 'trade_id' | 'heartbeat' | 'dropped';

export interface MissingRange {
  readonly product_id: string;
  first: bigint;
  last: bigint;
  readonly detected_by: GapDetector;
  readonly detected_at_ms: number;
  /** Set once a backfill took the range: it is no longer returned by `due`. */
  claimed: boolean;
}

export type TradeObservation =
  | { status: 'first' | 'next' | 'late' | 'duplicate' }
  | { status: 'gap'; range: MissingRange };

interface ProductState {
  last: bigint;
  missing: MissingRange[];
}

export class TradeGapTracker {
  private readonly products = new Map<string, ProductState>();

  /** Highest trade_id seen (or announced by a heartbeat) per product. */
  lastTradeId(productId: string): bigint | undefined {
    return this.products.get(productId)?.last;
  }

  observeTrade(productId: string, tradeId: bigint, nowMs: number): TradeObservation {
    const state = this.products.get(productId);
    if (!state) {
      this.products.set(productId, { last: tradeId, missing: [] });
      return { status: 'first' };
    }
    if (tradeId === state.last + 1n) {
      state.last = tradeId;
      return { status: 'next' };
    }
    if (tradeId > state.last) {
      const range = this.open(state, productId, state.last + 1n, tradeId - 1n, 'trade_id', nowMs);
      state.last = tradeId;
      return { status: 'gap', range };
    }
    return { status: this.claim(productId, tradeId) ? 'late' : 'duplicate' };
  }

  /** A heartbeat announcing trades up to `lastTradeId`: ids beyond the last seen are missing. */
  observeHeartbeat(productId: string, lastTradeId: bigint, nowMs: number): MissingRange | null {
    // last_trade_id 0 means "no trade yet" (seen on sandbox captures), not a position.
    if (lastTradeId === 0n) return null;
    const state = this.products.get(productId);
    if (!state) {
      this.products.set(productId, { last: lastTradeId, missing: [] });
      return null;
    }
    if (lastTradeId <= state.last) return null;
    const range = this.open(state, productId, state.last + 1n, lastTradeId, 'heartbeat', nowMs);
    state.last = lastTradeId;
    return range;
  }

  /** Marks trades as missing again (the producer dropped their frames), so a backfill recovers them. */
  reopen(productId: string, first: bigint, last: bigint, detectedBy: GapDetector, nowMs: number): MissingRange | null {
    const state = this.products.get(productId);
    if (!state || first > last) return null;
    if (state.missing.some((range) => range.first <= last && first <= range.last)) return null;
    return this.open(state, productId, first, last, detectedBy, nowMs);
  }

  /** Removes one id from the missing set; true when it was missing (the caller now owns it). */
  claim(productId: string, tradeId: bigint): boolean {
    const state = this.products.get(productId);
    if (!state) return false;
    const index = state.missing.findIndex((range) => range.first <= tradeId && tradeId <= range.last);
    if (index === -1) return false;
    const range = state.missing[index] as MissingRange;
    if (range.first === range.last) state.missing.splice(index, 1);
    else if (tradeId === range.first) range.first++;
    else if (tradeId === range.last) range.last--;
    else {
      state.missing.splice(index + 1, 0, { ...range, first: tradeId + 1n });
      range.last = tradeId - 1n;
    }
    return true;
  }

  /** Unclaimed ranges detected at least `graceMs` ago, now claimed by the caller (late arrivals had their chance). */
  takeDue(nowMs: number, graceMs: number): MissingRange[] {
    const due: MissingRange[] = [];
    for (const state of this.products.values()) {
      for (const range of state.missing) {
        if (!range.claimed && nowMs - range.detected_at_ms >= graceMs) {
          range.claimed = true;
          due.push(range);
        }
      }
    }
    return due;
  }

  /**
   * The ids of [first, last] a backfill took (claimed ranges) and that are still missing: what it could
   * not recover. Ranges reopened meanwhile are unclaimed and wait for their own backfill.
   */
  stillMissing(productId: string, first: bigint, last: bigint): { first: bigint; last: bigint }[] {
    const state = this.products.get(productId);
    if (!state) return [];
    return state.missing
      .filter((range) => range.claimed && range.last >= first && range.first <= last)
      .map((range) => ({
        first: range.first > first ? range.first : first,
        last: range.last < last ? range.last : last,
      }));
  }

  /** Forgets the claimed ids of [first, last] (after they were recorded as unfillable). */
  abandon(productId: string, first: bigint, last: bigint): void {
    const state = this.products.get(productId);
    if (!state) return;
    const kept: MissingRange[] = [];
    for (const range of state.missing) {
      if (!range.claimed || range.last < first || range.first > last) {
        kept.push(range);
        continue;
      }
      if (range.first < first) kept.push({ ...range, last: first - 1n });
      if (range.last > last) kept.push({ ...range, first: last + 1n });
    }
    state.missing = kept;
  }

  /** Number of trade ids currently missing across products. */
  missingCount(): bigint {
    let total = 0n;
    for (const state of this.products.values())
      for (const range of state.missing) total += range.last - range.first + 1n;
    return total;
  }

  private open(
    state: ProductState,
    productId: string,
    first: bigint,
    last: bigint,
    detectedBy: GapDetector,
    nowMs: number,
  ): MissingRange {
    const range: MissingRange = {
      product_id: productId,
      first,
      last,
      detected_by: detectedBy,
      detected_at_ms: nowMs,
      claimed: false,
    };
    state.missing.push(range);
    return range;
  }
}
