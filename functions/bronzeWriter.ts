/** Kafka trigger on coinbase.raw: every record of the batch becomes a bronze row, exactly once. */

import { decodeKafkaEvent, isKafkaEvent } from '../layers/kafka/index.js';
import type { BronzeWriteResult } from '../layers/pipeline/index.js';
import { PipelineError } from '../layers/pipeline/index.js';
import { withPipeline } from './runtime.js';

export function handler(event: unknown): Promise<BronzeWriteResult> {
  // Inside withPipeline, so a malformed event counts as a failed invocation too.
  return withPipeline('bronzeWriter', (pipeline) => {
    if (!isKafkaEvent(event)) throw new PipelineError('bronzeWriter expects a Kafka event (SelfManagedKafka)', false);
    return pipeline.writeBronze(decodeKafkaEvent(event));
  });
}
