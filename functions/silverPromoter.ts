/** Invoked by bronze commit events and by its schedule: promotes new bronze rows to silver. */
import type { SilverPromoteResult } from '../layers/pipeline/silver/promoteSilver.js';
import { sharedPipeline } from './runtime.js';

export async function handler(): Promise<SilverPromoteResult> {
  const pipeline = await sharedPipeline();
  return pipeline.promoteSilver();
}
