import { portVar, stringVar } from '../env.js';

/** The embedded stack's one /metrics endpoint: producer, broker, pipeline functions and Kafka triggers together. */
export const metricsSection = {
  host: stringVar('METRICS_HOST', '127.0.0.1', "Address the embedded stack's combined /metrics endpoint binds to."),
  port: portVar(
    'METRICS_PORT',
    9466,
    "Port of the embedded stack's combined /metrics endpoint (producer, broker, pipeline functions, Kafka triggers); 0 serves none.",
  ),
} as const;
