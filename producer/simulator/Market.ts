/**
 * The simulated exchange's market: per product a price random walk and trade sizes shaped like the
 * real feed's (products.ts), contiguous trade_ids, a non-contiguous sequence, and the trade log that
 * REST trades and candles are served from.
 */
import { formatTimeMicros, nowMicros } from '../../layers/coinbase/index.js';
import { addDecimals, compareDecimals, formatScaled } from './decimal.js';
import { drawPriceStep, drawSizeUnits, type ProductProfile, productProfile } from './products.js';
import type { Random } from './random.js';

export interface SimTrade {
  readonly product_id: string;
  readonly trade_id: number;
  readonly price: string;
  readonly size: string;
  /** Maker side, as Coinbase reports it on match and REST trades. */
  readonly side: 'buy' | 'sell';
  readonly time: string;
  readonly time_us: bigint;
  readonly sequence: number;
  readonly maker_order_id: string;
  readonly taker_order_id: string;
}

interface ProductState {
  readonly id: string;
  readonly profile: ProductProfile;
  priceTicks: bigint;
  readonly priceScale: number;
  nextTradeId: number;
  sequence: number;
  lastTimeUs: bigint;
  /** Trades in trade_id order (contiguous ids, oldest first), bounded by the retention. */
  trades: SimTrade[];
  /** Ids REST pretends not to have (to produce unfillable gaps). */
  readonly hidden: Set<number>;
  open24h: string;
  low24h: string;
  high24h: string;
  volume24h: string;
}

function uuid(random: Random): string {
  const hex = () =>
    Math.floor(random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-${hex()}-${hex()}${hex()}${hex()}`;
}

export class Market {
  private readonly products = new Map<string, ProductState>();

  constructor(
    productIds: readonly string[],
    private readonly random: Random,
    private readonly retention: number,
  ) {
    productIds.forEach((id, index) => {
      const profile = productProfile(id);
      const start = profile.startPrice;
      const scale = start.split('.')[1]?.length ?? 2;
      this.products.set(id, {
        id,
        profile,
        priceTicks: BigInt(start.replace('.', '')),
        priceScale: scale,
        nextTradeId: 100_000 * (index + 1) + Math.floor(random() * 1000),
        sequence: 1_000_000 * (index + 1),
        lastTimeUs: 0n,
        trades: [],
        hidden: new Set(),
        open24h: start,
        low24h: start,
        high24h: start,
        volume24h: '0',
      });
    });
  }

  get productIds(): string[] {
    return [...this.products.keys()];
  }

  has(productId: string): boolean {
    return this.products.has(productId);
  }

  /** Next sequence number for a non-trade message (heartbeat). */
  nextSequence(productId: string): number {
    const state = this.state(productId);
    state.sequence += 1 + Math.floor(this.random() * 3);
    return state.sequence;
  }

  /** Makes a new trade: the price takes a small random step, the size follows the product's profile. */
  trade(productId: string): SimTrade {
    const state = this.state(productId);
    const step = drawPriceStep(state.profile, state.priceTicks, this.random);
    const next = state.priceTicks + step;
    state.priceTicks = next > 1n ? next : 1n;
    const price = formatScaled(state.priceTicks, state.priceScale);
    const sizeUnits = drawSizeUnits(state.profile, Number(price), this.random);
    const size = formatScaled(sizeUnits, state.profile.sizeDecimals);
    let timeUs = nowMicros();
    if (timeUs < state.lastTimeUs) timeUs = state.lastTimeUs;
    state.lastTimeUs = timeUs;
    state.sequence += 1 + Math.floor(this.random() * 5);
    const trade: SimTrade = {
      product_id: productId,
      trade_id: state.nextTradeId++,
      price,
      size,
      side: step > 0n ? 'sell' : step < 0n ? 'buy' : this.random() < 0.5 ? 'buy' : 'sell',
      time: formatTimeMicros(timeUs),
      time_us: timeUs,
      sequence: state.sequence,
      maker_order_id: uuid(this.random),
      taker_order_id: uuid(this.random),
    };
    this.record(state, trade);
    return trade;
  }

  /** Adds a trade that came from elsewhere (a replayed capture) to the REST log. */
  recordExternal(trade: SimTrade): void {
    const state = this.products.get(trade.product_id) ?? this.addProduct(trade.product_id, trade.price);
    const last = state.trades[state.trades.length - 1];
    if (last && trade.trade_id <= last.trade_id) return;
    state.nextTradeId = trade.trade_id + 1;
    this.record(state, trade);
  }

  lastTrade(productId: string): SimTrade | undefined {
    const trades = this.state(productId).trades;
    return trades[trades.length - 1];
  }

  lastTradeId(productId: string): number {
    return this.state(productId).nextTradeId - 1;
  }

  stats(productId: string): { open24h: string; low24h: string; high24h: string; volume24h: string } {
    const { open24h, low24h, high24h, volume24h } = this.state(productId);
    return { open24h, low24h, high24h, volume24h };
  }

  /** Makes REST answer as if trades [first, last] never existed (an unfillable gap). */
  hideFromRest(productId: string, first: number, last: number): void {
    const hidden = this.state(productId).hidden;
    for (let id = first; id <= last; id++) hidden.add(id);
  }

  /** REST `/products/{id}/trades` semantics: newest first; `after` = older than, `before` = newer than. */
  tradesPage(productId: string, query: { limit: number; after?: number; before?: number }): SimTrade[] {
    const state = this.state(productId);
    const trades = state.trades;
    if (trades.length === 0) return [];
    const firstId = (trades[0] as SimTrade).trade_id;
    const indexOf = (id: number) => id - firstId;
    let from: number;
    let to: number;
    if (query.after !== undefined) {
      to = Math.min(indexOf(query.after) - 1, trades.length - 1);
      from = to - query.limit + 1;
    } else if (query.before !== undefined) {
      from = Math.max(indexOf(query.before) + 1, 0);
      to = from + query.limit - 1;
    } else {
      to = trades.length - 1;
      from = to - query.limit + 1;
    }
    from = Math.max(from, 0);
    to = Math.min(to, trades.length - 1);
    const page: SimTrade[] = [];
    for (let index = to; index >= from; index--) {
      const trade = trades[index] as SimTrade;
      if (!state.hidden.has(trade.trade_id)) page.push(trade);
    }
    return page;
  }

  /** Trades whose time falls in [startUs, endUs), oldest first (for candles). */
  tradesBetween(productId: string, startUs: bigint, endUs: bigint): SimTrade[] {
    return this.state(productId).trades.filter((trade) => trade.time_us >= startUs && trade.time_us < endUs);
  }

  private record(state: ProductState, trade: SimTrade): void {
    state.trades.push(trade);
    if (state.trades.length > this.retention * 1.25) state.trades = state.trades.slice(-this.retention);
    if (compareDecimals(trade.price, state.low24h) < 0) state.low24h = trade.price;
    if (compareDecimals(trade.price, state.high24h) > 0) state.high24h = trade.price;
    state.volume24h = addDecimals(state.volume24h, trade.size);
  }

  private addProduct(id: string, price: string): ProductState {
    const state: ProductState = {
      id,
      profile: productProfile(id),
      priceTicks: BigInt(price.replace('.', '')),
      priceScale: price.split('.')[1]?.length ?? 0,
      nextTradeId: 1,
      sequence: 1,
      lastTimeUs: 0n,
      trades: [],
      hidden: new Set(),
      open24h: price,
      low24h: price,
      high24h: price,
      volume24h: '0',
    };
    this.products.set(id, state);
    return state;
  }

  private state(productId: string): ProductState {
    const state = this.products.get(productId);
    if (!state) throw new Error(`simulator: unknown product ${productId}`);
    return state;
  }
}
