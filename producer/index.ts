/**
 * The Coinbase producer (WebSocket -> Kafka) and the local exchange simulator.
 *
 * - startProducer(settings) / producerSettingsFromConfig(config): the persistent service.
 * - startSimulator(options): a local Coinbase Exchange (WebSocket + REST) with a generator, replay
 *   of captures and fault injection.
 */
export type { Logger, LogLevel } from './log.js';
export { silentLogger, stderrLogger } from './log.js';
export type { ProducerMetrics } from './metrics.js';
export { type RunningProducer, startProducer } from './service.js';
export { kafkaBrokers, PRODUCER_DEFAULTS, type ProducerSettings, producerSettingsFromConfig } from './settings.js';
export {
  DEFAULT_PRODUCTS,
  type FaultCommand,
  type FaultRates,
  type GeneratorOptions,
  type RunningSimulator,
  type SimulatorOptions,
  startSimulator,
} from './simulator/index.js';
