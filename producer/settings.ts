/** Everything the producer service needs, with defaults; built from the project's Config at the edge. */
import type { Config } from '../layers/config/index.js';
import { createKafka, type FrameSource, type KafkaClient } from '../layers/kafka/index.js';
import { type Logger, stderrLogger } from './log.js';

export interface ProducerSettings {
  readonly feed: 'exchange' | 'advanced-trade';
  readonly wsUrl: string;
  readonly restUrl: string;
  readonly products: readonly string[];
  /** Channels to subscribe to; defaults to the feed's (matches, heartbeat, ticker on Exchange). */
  readonly channels?: readonly string[];
  /** The `source` header of live frames; defaults to the feed name. */
  readonly source?: FrameSource;
  readonly kafka: KafkaClient;
  readonly topic: string;
  /** Port of /metrics and /healthz; 0 picks a free port; null runs no HTTP server. */
  readonly metricsPort?: number | null;
  readonly metricsHost?: string;
  readonly lingerMs?: number;
  readonly batchMaxFrames?: number;
  readonly bufferMaxFrames?: number;
  readonly watchdogMs?: number;
  readonly reconnectBaseMs?: number;
  readonly reconnectMaxMs?: number;
  readonly gapGraceMs?: number;
  readonly backfillPageDelayMs?: number;
  readonly backfillMaxTrades?: number;
  readonly shutdownTimeoutMs?: number;
  readonly log?: Logger;
}

export const PRODUCER_DEFAULTS = {
  lingerMs: 5,
  batchMaxFrames: 2000,
  bufferMaxFrames: 200_000,
  watchdogMs: 30_000,
  reconnectBaseMs: 500,
  reconnectMaxMs: 30_000,
  gapGraceMs: 2000,
  backfillPageDelayMs: 150,
  backfillMaxTrades: 100_000,
  shutdownTimeoutMs: 10_000,
} as const;

/** Kafka bootstrap servers: KAFKA_BROKERS, or the embedded broker on BROKER_PORT when unset. */
export function kafkaBrokers(config: Config): string[] {
  const configured = config.kafka.brokers;
  if (configured === undefined) return [`127.0.0.1:${config.kafka.brokerPort}`];
  return configured
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
}

export function producerSettingsFromConfig(
  config: Config,
  overrides: Partial<ProducerSettings> = {},
): ProducerSettings {
  const { coinbase, producer, kafka } = config;
  return {
    feed: coinbase.feed,
    wsUrl: coinbase.wsUrl,
    restUrl: coinbase.restUrl,
    products: coinbase.products,
    channels: coinbase.channels,
    source: producer.source,
    kafka: createKafka({ brokers: kafkaBrokers(config), clientId: 'lakehouse-producer' }),
    topic: kafka.topic,
    metricsPort: producer.metricsPort,
    metricsHost: producer.metricsHost,
    log: stderrLogger('producer', config.home.logLevel),
    lingerMs: producer.lingerMs,
    batchMaxFrames: producer.batchMaxFrames,
    bufferMaxFrames: producer.bufferMaxFrames,
    watchdogMs: coinbase.watchdogMs,
    reconnectBaseMs: coinbase.reconnectBaseMs,
    reconnectMaxMs: coinbase.reconnectMaxMs,
    gapGraceMs: coinbase.gapGraceMs,
    backfillPageDelayMs: coinbase.backfillPageDelayMs,
    backfillMaxTrades: coinbase.backfillMaxTrades,
    shutdownTimeoutMs: producer.shutdownTimeoutMs,
    ...overrides,
  };
}
