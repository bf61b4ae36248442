import { enumVar, intVar, portVar, stringVar } from '../env.js';
import { whenSet } from './coinbase.js';

const LIVE_SOURCES = ['exchange', 'advanced-trade', 'simulator', 'replay'] as const;

export const producerSection = {
  metricsHost: stringVar(
    'PRODUCER_METRICS_HOST',
    '127.0.0.1',
    'Address the producer /metrics and /healthz endpoints bind to (0.0.0.0 for a scraper on another host).',
  ),
  metricsPort: portVar('PRODUCER_METRICS_PORT', 9464, 'Port of the producer /metrics and /healthz endpoints.'),
  source: whenSet(
    enumVar(
      'PRODUCER_SOURCE',
      'exchange',
      LIVE_SOURCES,
      'The `source` header of live frames (exchange, advanced-trade, simulator, replay); unset = COINBASE_FEED.',
    ),
    '(COINBASE_FEED)',
  ),
  lingerMs: intVar('PRODUCER_LINGER_MS', 5, 'Longest a frame waits to be batched before it is sent to Kafka (ms).', {
    min: 0,
    max: 60_000,
  }),
  batchMaxFrames: intVar('PRODUCER_BATCH_MAX_FRAMES', 2000, 'Most frames in one Kafka send.', {
    min: 1,
    max: 1_000_000,
  }),
  bufferMaxFrames: intVar(
    'PRODUCER_BUFFER_MAX_FRAMES',
    200_000,
    'Frames buffered while Kafka is unavailable; beyond this frames are dropped (metric + log).',
    { min: 1, max: 100_000_000 },
  ),
  shutdownTimeoutMs: intVar(
    'PRODUCER_SHUTDOWN_TIMEOUT_MS',
    10_000,
    'How long shutdown waits for the buffer to flush (ms).',
    {
      min: 0,
      max: 600_000,
    },
  ),
} as const;
