/**
 * How each simulated product trades, shaped like Coinbase's own feed: a trade's size follows from a
 * log-normal notional (real captures show a median of a few hundred in quote currency and a spread of
 * several orders of magnitude, the same for cheap and dear coins), so BTC trades are mostly
 * 0.0001-0.5 BTC and DOGE trades hundreds to thousands of DOGE. Sizes and prices are quantised to
 * the product's increments, and the price moves a small random fraction per trade.
 */
import type { Random } from './random.js';

export interface ProductProfile {
  /** First price, written with the product's quote increment (its number of decimals). */
  readonly startPrice: string;
  /** Decimals of the base increment (BTC 8: sizes like 0.00012345; DOGE 1: sizes like 1250.3). */
  readonly sizeDecimals: number;
  /** Median trade value in the quote currency. */
  readonly medianNotional: number;
  /** Standard deviation of the natural log of the trade value. */
  readonly notionalSigma: number;
  /** Standard deviation of the relative price change per trade. */
  readonly tradeVolatility: number;
}

const PROFILES: Record<string, ProductProfile> = {
  'BTC-USD': {
    startPrice: '90000.00',
    sizeDecimals: 8,
    medianNotional: 150,
    notionalSigma: 1.8,
    tradeVolatility: 2e-5,
  },
  'ETH-USD': { startPrice: '3000.00', sizeDecimals: 8, medianNotional: 150, notionalSigma: 1.8, tradeVolatility: 3e-5 },
  'SOL-USD': { startPrice: '150.00', sizeDecimals: 3, medianNotional: 120, notionalSigma: 1.8, tradeVolatility: 4e-5 },
  'DOGE-USD': {
    startPrice: '0.15000',
    sizeDecimals: 1,
    medianNotional: 120,
    notionalSigma: 1.9,
    tradeVolatility: 5e-5,
  },
};

const DEFAULT_PROFILE: ProductProfile = {
  startPrice: '100.00',
  sizeDecimals: 4,
  medianNotional: 100,
  notionalSigma: 1.8,
  tradeVolatility: 4e-5,
};

export function productProfile(productId: string): ProductProfile {
  return PROFILES[productId] ?? DEFAULT_PROFILE;
}

/** A standard normal draw (Box-Muller), clipped at four deviations so no trade is absurd. */
export function standardNormal(random: Random): number {
  const u = 1 - random();
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(-4, Math.min(4, z));
}

/** A trade size in units of the base increment (at least one), for the current price. */
export function drawSizeUnits(profile: ProductProfile, price: number, random: Random): bigint {
  const notional = profile.medianNotional * Math.exp(profile.notionalSigma * standardNormal(random));
  const units = Math.round((notional / price) * 10 ** profile.sizeDecimals);
  return BigInt(Math.max(1, units));
}

/** The price change of one trade, in ticks of the quote increment. */
export function drawPriceStep(profile: ProductProfile, priceTicks: bigint, random: Random): bigint {
  return BigInt(Math.round(Number(priceTicks) * profile.tradeVolatility * standardNormal(random)));
}
