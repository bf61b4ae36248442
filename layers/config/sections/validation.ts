import { intVar } from '../env.js';

/** What the pipeline accepts from a feed: every frame or trade outside these bounds is rejected with its reason. */
export const validationSection = {
  maxFrameBytes: intVar(
    'PIPELINE_MAX_FRAME_BYTES',
    1024 * 1024,
    'Largest frame (UTF-8 bytes) the pipeline parses; a larger one stays in bronze with a parse_error and is rejected by silver.',
    { min: 1024, max: 64 * 1024 * 1024 },
  ),
  tradeMaxFutureSeconds: intVar(
    'PIPELINE_TRADE_MAX_FUTURE_SECONDS',
    300,
    'A trade whose exchange time is more than this many seconds after its receipt is rejected (clock skew bound).',
    { min: 0, max: 86_400 },
  ),
  tradeMaxAgeHours: intVar(
    'PIPELINE_TRADE_MAX_AGE_HOURS',
    168,
    'A trade whose exchange time is more than this many hours before its receipt is rejected (how far a backfill reaches).',
    { min: 1, max: 87_600 },
  ),
} as const;
