/**
 * The bounds silver and bronze hold a feed to (PIPELINE_MAX_FRAME_BYTES, PIPELINE_TRADE_MAX_*), in the
 * units the steps compare with. Defaults are the configuration's own defaults.
 */
import { type Config, loadConfig } from '../config/index.js';

export interface FeedLimits {
  readonly maxFrameBytes: number;
  /** Latest exchange time accepted, relative to receipt (clock skew). */
  readonly tradeMaxFutureUs: bigint;
  /** Earliest exchange time accepted, relative to receipt (backfill reach). */
  readonly tradeMaxAgeUs: bigint;
}

export function feedLimits(validation: Config['validation']): FeedLimits {
  return {
    maxFrameBytes: validation.maxFrameBytes,
    tradeMaxFutureUs: BigInt(validation.tradeMaxFutureSeconds) * 1_000_000n,
    tradeMaxAgeUs: BigInt(validation.tradeMaxAgeHours) * 3_600_000_000n,
  };
}

export const DEFAULT_FEED_LIMITS: FeedLimits = feedLimits(loadConfig({}).validation);
