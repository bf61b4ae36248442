/**
 * Recovers missing trades from Coinbase REST `GET /products/{id}/trades?limit=100&after=<cursor>`
 * (newest first; `after` pages toward older trade_ids). A missing range is fetched once it is older
 * than the grace period (late, reordered frames fill it first); every recovered trade whose id is
 * still missing is published as a `backfill_trade` frame; ids REST cannot provide become a `gap` frame.
 */
import {
  backfillTradeFrame,
  gapFrame,
  type MissingRange,
  nowMicros,
  type RestTrade,
  type TradeGapTracker,
} from '../layers/coinbase/index.js';
import { backoffDelayMs } from './backoff.js';
import type { Logger } from './log.js';
import type { ProducerMetrics } from './metrics.js';

export interface BackfillerOptions {
  readonly restUrl: string;
  readonly tracker: TradeGapTracker;
  readonly metrics: ProducerMetrics;
  readonly log: Logger;
  readonly graceMs: number;
  /** Pause between REST requests (Coinbase's public limit is about 10 requests/s). */
  readonly pageDelayMs: number;
  /** A gap larger than this is recorded as unfillable beyond the trades fetched so far. */
  readonly maxTradesPerGap: number;
  /** False while the Kafka buffer is too full to take recovered trades (checked before each gap). */
  readonly canPublish: () => boolean;
  readonly publish: (frame: string, productId: string, tradeIds: readonly bigint[]) => void;
}

class RestError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
    this.name = 'RestError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Backfiller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  /** Aborts in-flight REST requests on stop, so shutdown does not wait for a slow server. */
  private readonly abort = new AbortController();

  constructor(private readonly options: BackfillerOptions) {}

  start(): void {
    const period = Math.max(20, Math.min(500, this.options.graceMs / 2));
    this.timer = setInterval(() => this.tick(), period);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.abort.abort();
    await this.running;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves once no backfill is being fetched. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private tick(): void {
    if (this.running || this.stopped || !this.options.canPublish()) return;
    const due = this.options.tracker.takeDue(Date.now(), this.options.graceMs);
    if (due.length === 0) return;
    this.running = (async () => {
      for (const range of due) await this.fill(range);
    })().finally(() => {
      this.running = undefined;
    });
  }

  private async fill(range: MissingRange): Promise<void> {
    const { tracker, metrics, log } = this.options;
    const productId = range.product_id;
    const first = range.first;
    const last = range.last;
    let cursor = last + 1n;
    let fetched = 0;
    let failure: string | null = null;
    while (!this.stopped) {
      let page: { trades: RestTrade[]; next: bigint | null };
      try {
        page = await this.fetchPage(productId, cursor);
      } catch (error) {
        failure = `REST failed: ${(error as Error).message}`;
        break;
      }
      if (page.trades.length === 0) break;
      let lowest = cursor;
      for (const trade of page.trades) {
        const id = BigInt(trade.trade_id);
        if (id < lowest) lowest = id;
        if (id < first || id > last || !tracker.claim(productId, id)) continue;
        this.options.publish(backfillTradeFrame(productId, trade), productId, [id]);
        metrics.gapTradesFilled.inc({ product_id: productId });
      }
      fetched += page.trades.length;
      if (lowest <= first) break;
      if (fetched >= this.options.maxTradesPerGap) {
        failure = `gap larger than ${this.options.maxTradesPerGap} trades (COINBASE_BACKFILL_MAX_TRADES)`;
        break;
      }
      cursor = page.next !== null && page.next < cursor ? page.next : lowest;
      if (this.options.pageDelayMs > 0) await sleep(this.options.pageDelayMs);
    }
    const remaining = tracker.stillMissing(productId, first, last);
    if (this.stopped && remaining.length > 0) {
      // Shutting down is not a reason to call trades unrecoverable: say what was left unfetched.
      log('warn', 'backfill interrupted by shutdown', { product_id: productId, missing: remaining });
      return;
    }
    for (const hole of remaining) {
      const reason = failure ?? 'trades not returned by REST';
      const count = hole.last - hole.first + 1n;
      this.options.publish(
        gapFrame({
          productId,
          first: hole.first,
          last: hole.last,
          detectedBy: range.detected_by,
          reason,
          nowMicros: nowMicros(),
        }),
        productId,
        [],
      );
      metrics.gapsUnfillable.inc({ product_id: productId });
      metrics.gapTradesUnfillable.inc({ product_id: productId }, Number(count));
      log('error', 'gap could not be filled: recorded as a gap frame', {
        product_id: productId,
        first_trade_id: hole.first,
        last_trade_id: hole.last,
        trades: count,
        reason,
      });
      tracker.abandon(productId, hole.first, hole.last);
    }
    if (remaining.length === 0) {
      log('info', 'gap filled', {
        product_id: productId,
        first_trade_id: first,
        last_trade_id: last,
        detected_by: range.detected_by,
      });
    }
  }

  private async fetchPage(productId: string, after: bigint): Promise<{ trades: RestTrade[]; next: bigint | null }> {
    const url = `${this.options.restUrl.replace(/\/$/, '')}/products/${encodeURIComponent(productId)}/trades?limit=100&after=${after}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await fetch(url, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.any([AbortSignal.timeout(10_000), this.abort.signal]),
        });
        if (!response.ok) {
          throw new RestError(`GET ${url}: HTTP ${response.status}`, response.status === 429 || response.status >= 500);
        }
        const body = (await response.json()) as unknown;
        if (!Array.isArray(body)) throw new RestError(`GET ${url}: response is not an array`, false);
        const trades = body.filter(
          (trade): trade is RestTrade =>
            !!trade && typeof trade === 'object' && /^\d+$/.test(String((trade as RestTrade).trade_id)),
        );
        const cursor = response.headers.get('cb-after');
        return { trades, next: cursor && /^\d+$/.test(cursor) ? BigInt(cursor) : null };
      } catch (error) {
        const retriable = error instanceof RestError ? error.retriable : true;
        if (!retriable || attempt >= 3 || this.stopped) throw error;
        await sleep(backoffDelayMs(attempt, 250, 4000));
      }
    }
  }
}
