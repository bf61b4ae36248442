/** Scheduled: gold.ohlcv_1m against the exchange's own 1-minute candles (COINBASE_REST_URL), results recorded. */
import { loadConfig } from '../layers/config/index.js';
import { type QualityRunSummary, summarizeResults } from '../layers/pipeline/index.js';
import { withPipeline } from './runtime.js';

export function handler(): Promise<QualityRunSummary> {
  const config = loadConfig();
  return withPipeline('reconcileCandles', async (pipeline) =>
    summarizeResults(
      await pipeline.reconcile({
        restUrl: config.coinbase.restUrl,
        products: config.coinbase.products,
        minutes: config.quality.reconcileMinutes,
        settleSeconds: config.quality.reconcileSettleSeconds,
      }),
    ),
  );
}
