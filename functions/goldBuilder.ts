/** Invoked by silver commit events and by its schedule: rebuilds the gold buckets new trades touched. */
import type { GoldBuildResult } from '../layers/pipeline/gold/buildGold.js';
import { sharedPipeline } from './runtime.js';

export async function handler(): Promise<GoldBuildResult> {
  const pipeline = await sharedPipeline();
  return pipeline.buildGold();
}
