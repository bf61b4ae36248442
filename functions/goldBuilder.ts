/** Invoked by silver commit events and by its schedule: rebuilds the gold buckets new trades touched. */
import type { GoldBuildResult } from '../layers/pipeline/index.js';
import { withPipeline } from './runtime.js';

export function handler(): Promise<GoldBuildResult> {
  return withPipeline('goldBuilder', (pipeline) => pipeline.buildGold());
}
