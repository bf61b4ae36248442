/** Scheduled: every expectation suite (sql/quality) over its whole table, results in ops.quality_results. */
import { type QualityRunSummary, summarizeResults } from '../layers/pipeline/index.js';
import { withPipeline } from './runtime.js';

export function handler(): Promise<QualityRunSummary> {
  return withPipeline('qualityAudit', async (pipeline) => summarizeResults(await pipeline.auditTables()));
}
