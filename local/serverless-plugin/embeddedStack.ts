/**
 * The embedded stack around the functions, in start order: the Kafka broker (unless KAFKA_BROKERS
 * points at one), the exchange simulator (demo mode), the producer, one Kafka event-source mapping
 * per function with a `kafka` event, the Trino-protocol gateway, the web dashboard (reading the
 * producer's, the broker's, the functions' and the triggers' metrics registries), and one /metrics
 * endpoint serving those registries together. Each component reports one line saying where it listens.
 */

import { Registry } from 'prom-client';
import type { Config } from '../../layers/config/index.js';
import { createKafka } from '../../layers/kafka/index.js';
import { MEMORY_REPORT_INTERVAL_MS, MemoryReporter, pipelineMetrics } from '../../layers/pipeline/index.js';
import { kafkaBrokers, producerSettingsFromConfig, startProducer, startSimulator } from '../../producer/index.js';
import { brokerSettingsFromConfig, serveMetrics, startBroker } from '../broker/index.js';
import { startConfiguredCatalogServer } from '../catalog-server/fromConfig.js';
import { type MetricsSource, startConfiguredDashboard } from '../dashboard/index.js';
import { startConfiguredGateway } from '../gateway/index.js';
import { EventSourceMapping, type MappingEvent } from '../lambda-kafka/EventSourceMapping.js';
import type { Invoker } from '../lambda-kafka/Invoker.js';
import { triggerMetrics } from '../lambda-kafka/TriggerMetrics.js';
import type { ComponentSpec } from './Component.js';
import type { KafkaFunctionMapping } from './kafkaMappings.js';

export interface StackOptions {
  readonly config: Config;
  readonly pipeline: Config['pipeline'];
  readonly mappings: readonly KafkaFunctionMapping[];
  readonly invoker: Invoker;
  readonly log: (line: string) => void;
}

function mappingLog(name: string, log: (line: string) => void) {
  return (event: MappingEvent) => {
    if (event.kind === 'failed') log(`${name}: invocation attempt ${event.attempt} failed: ${event.error}`);
    if (event.kind === 'dead-lettered') log(`${name}: ${event.records} records sent to the dead-letter topic`);
    if (event.kind === 'commit-failed') log(`${name}: ${event.error}`);
  };
}

export function embeddedStack(options: StackOptions): ComponentSpec[] {
  const { config, pipeline } = options;
  const brokers = kafkaBrokers(config);
  const specs: ComponentSpec[] = [];
  let simulator: { wsUrl: string; restUrl: string } | undefined;
  // The functions run in this process (serverless-offline's useInProcess), so their registry is this one.
  const metricsSources: MetricsSource[] = [
    { name: 'pipeline', registry: pipelineMetrics.registry },
    { name: 'triggers', registry: triggerMetrics.registry },
  ];

  const wanted = (part: string) => pipeline.stack.includes(part);
  if (config.kafka.brokers === undefined && wanted('broker')) {
    specs.push({
      name: 'broker',
      start: async () => {
        const settings = brokerSettingsFromConfig(config);
        const broker = await startBroker(settings);
        metricsSources.push({ name: 'broker', registry: broker.metricsRegistry });
        const metricsPort = config.kafka.brokerMetricsPort;
        const metrics =
          metricsPort > 0
            ? await serveMetrics(broker.metricsRegistry, metricsPort, config.kafka.brokerHost)
            : undefined;
        return {
          description: `kafka broker (embedded)   ${broker.bootstrap} (metrics ${metrics ? `http://${config.kafka.brokerHost}:${metrics.port}/metrics` : 'off: BROKER_METRICS_PORT=0'})`,
          stop: async () => {
            await metrics?.close();
            await broker.close();
          },
        };
      },
    });
  }
  specs.push({
    name: 'topics',
    start: async () => {
      const admin = await createKafka({ brokers, clientId: 'lakehouse-setup', logLevel: 'nothing' }).admin();
      await admin.ensureTopic(config.kafka.topic, config.kafka.defaultPartitions);
      await admin.ensureTopic(pipeline.deadLetterTopic, 1);
      await admin.disconnect();
      return {
        description: `kafka topics              ${config.kafka.topic}, ${pipeline.deadLetterTopic} on ${brokers.join(',')}`,
        stop: async () => {},
      };
    },
  });
  if (pipeline.demo && wanted('producer')) {
    specs.push({
      name: 'simulator',
      start: async () => {
        const running = await startSimulator({ port: 0, products: config.coinbase.products });
        simulator = running;
        return {
          description: `exchange simulator        ${running.wsUrl} (REST ${running.restUrl})`,
          stop: () => running.close(),
        };
      },
    });
  }
  if (wanted('producer'))
    specs.push({
      name: 'producer',
      start: async () => {
        const overrides = simulator
          ? { wsUrl: simulator.wsUrl, restUrl: simulator.restUrl, source: 'simulator' as const }
          : {};
        const settings = producerSettingsFromConfig(config, overrides);
        const producer = await startProducer(settings);
        metricsSources.push({ name: 'producer', registry: producer.metrics.registry });
        return {
          description: `producer                  ${settings.wsUrl} -> ${config.kafka.topic} (metrics ${producer.metricsUrl ?? 'off'})`,
          stop: () => producer.close(),
        };
      },
    });
  for (const mapping of wanted('triggers') ? options.mappings : []) {
    specs.push({
      name: `mapping:${mapping.functionKey}`,
      start: async () => {
        const esm = new EventSourceMapping({
          functionName: mapping.functionName,
          brokers,
          topic: mapping.topic,
          groupId: mapping.groupId,
          batchSize: mapping.batchSize,
          maximumBatchingWindowMs: mapping.maximumBatchingWindowMs,
          startingPosition: mapping.startingPosition,
          maxAttempts: pipeline.triggerMaxAttempts,
          backoffMs: pipeline.triggerBackoffMs,
          deadLetterTopic: pipeline.deadLetterTopic,
          invoker: options.invoker,
          onEvent: mappingLog(mapping.functionName, options.log),
          metrics: triggerMetrics,
        });
        await esm.start();
        return {
          description: `kafka trigger             ${mapping.topic} -> ${mapping.functionName} (group ${mapping.groupId}, batch ${mapping.batchSize}, window ${mapping.maximumBatchingWindowMs} ms)`,
          stop: () => esm.stop(),
        };
      },
    });
  }
  if (wanted('gateway')) {
    specs.push({
      name: 'gateway',
      start: async () => {
        // Sandboxed engine, authentication, TLS and query limits, all from configuration.
        const gateway = await startConfiguredGateway(config);
        return {
          description: `sql gateway (Trino)       ${gateway.url}`,
          stop: () => gateway.close(),
        };
      },
    });
  }
  if (wanted('dashboard')) {
    specs.push({
      name: 'dashboard',
      start: async () => {
        const dashboard = await startConfiguredDashboard(config, metricsSources, (error) =>
          options.log(`dashboard: poll failed: ${error instanceof Error ? error.message : String(error)}`),
        );
        return {
          description: `web dashboard             ${dashboard.url} (Market Overview), ${dashboard.url}/health (Pipeline Health)`,
          stop: () => dashboard.close(),
        };
      },
    });
  }
  if (config.metrics.port > 0) {
    specs.push({
      name: 'metrics',
      start: async () => {
        // Merged at each scrape: the producer's and the broker's registries join when they start.
        const served = await serveMetrics(
          () => Registry.merge(metricsSources.map((source) => source.registry)),
          config.metrics.port,
          config.metrics.host,
        );
        return {
          description: `metrics (all components)  http://${config.metrics.host}:${served.port}/metrics (${metricsSources.map((source) => source.name).join(', ')})`,
          stop: () => served.close(),
        };
      },
    });
  }
  specs.push({
    name: 'memory report',
    start: async () => {
      // The main thread (broker, triggers, gateway, dashboard) logs its memory as function instances do.
      const reporter = new MemoryReporter('stack main thread');
      const timer = setInterval(() => void reporter.maybeReport(), MEMORY_REPORT_INTERVAL_MS);
      timer.unref();
      return {
        description: `memory report             every ${MEMORY_REPORT_INTERVAL_MS / 1000} s to the log (event "memory")`,
        stop: async () => clearInterval(timer),
      };
    },
  });
  if (wanted('catalog')) {
    specs.push({
      name: 'catalog',
      start: async () => {
        const catalog = await startConfiguredCatalogServer(config);
        return { description: `iceberg rest catalog      ${catalog.url}`, stop: () => catalog.close() };
      },
    });
  }
  return specs;
}
