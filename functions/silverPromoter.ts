/** Invoked by bronze commit events and by its schedule: promotes new bronze rows to silver. */
import type { SilverPromoteResult } from '../layers/pipeline/index.js';
import { withPipeline } from './runtime.js';

export function handler(): Promise<SilverPromoteResult> {
  return withPipeline('silverPromoter', (pipeline) => pipeline.promoteSilver());
}
