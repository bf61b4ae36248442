import { portVar } from '../env.js';

export const producerSection = {
  metricsPort: portVar('PRODUCER_METRICS_PORT', 9464, 'Port of the producer /metrics and /healthz endpoints.'),
} as const;
