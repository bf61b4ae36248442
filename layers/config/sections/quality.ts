import { intVar } from '../env.js';

/** Quality gates: the reconciliation of gold candles with the exchange's own. */
export const qualitySection = {
  reconcileMinutes: intVar(
    'QUALITY_RECONCILE_MINUTES',
    30,
    "Closed minutes of gold.ohlcv_1m compared with the exchange's REST candles on each reconcileCandles run.",
    { min: 1, max: 300 },
  ),
  reconcileSettleSeconds: intVar(
    'QUALITY_RECONCILE_SETTLE_SECONDS',
    120,
    'How long after a minute closes before it is reconciled (lets late trades and the pipeline settle).',
    { min: 0, max: 3600 },
  ),
} as const;
