/** Kafka trigger on coinbase.raw: every record of the batch becomes a bronze row, exactly once. */

import { decodeKafkaEvent, isKafkaEvent } from '../layers/kafka/index.js';
import type { BronzeWriteResult } from '../layers/pipeline/index.js';
import { PipelineError } from '../layers/pipeline/index.js';
import { withPipeline } from './runtime.js';

export async function handler(event: unknown): Promise<BronzeWriteResult> {
  if (!isKafkaEvent(event)) throw new PipelineError('bronzeWriter expects a Kafka event (SelfManagedKafka)', false);
  const records = decodeKafkaEvent(event);
  return withPipeline((pipeline) => pipeline.writeBronze(records));
}
