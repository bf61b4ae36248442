/**
 * The embedded single-node broker speaking the Kafka wire protocol (kafkajs, librdkafka/kcat and
 * the Python clients work against it unchanged).
 *
 *   const broker = await startBroker({ port: 0, dataDir });   // port 0: any free port
 *   `${broker.host}:${broker.port}`                             // bootstrap server
 *   broker.metricsRegistry                                      // prom-client Registry to serve
 *   await broker.close();
 *
 * Layers: network (framing, ordered responses) -> protocol (codecs per API version) -> log
 * (segments, index, recovery, retention) -> coordinator (groups, offsets) -> Broker (facade).
 */
import net from 'node:net';
import type { Registry } from 'prom-client';
import { Broker } from './Broker.js';
import type { BrokerSettings } from './BrokerSettings.js';
import { GroupCoordinator } from './coordinator/GroupCoordinator.js';
import { OffsetStore } from './coordinator/OffsetStore.js';
import { TransactionCoordinator } from './coordinator/TransactionCoordinator.js';
import type { BrokerContext } from './handlers/BrokerContext.js';
import { LogManager } from './log/LogManager.js';
import { BrokerMetrics } from './metrics/BrokerMetrics.js';
import { Connection } from './network/Connection.js';

export type { BrokerSettings } from './BrokerSettings.js';
export type { FsyncPolicy } from './log/LogSettings.js';
export { brokerSettingsFromConfig } from './settingsFromConfig.js';

export const DEFAULT_BROKER_SETTINGS: Omit<BrokerSettings, 'dataDir'> = {
  host: '127.0.0.1',
  port: 9092,
  advertisedHost: '',
  nodeId: 1,
  clusterId: 'lakehouse-embedded',
  defaultPartitions: 4,
  autoCreateTopics: true,
  maxRequestBytes: 100 * 1024 * 1024,
  maxPartitionsPerRequest: 1000,
  maxPartitionsPerTopic: 1024,
  maxPartitions: 10_000,
  maxOpenFiles: 1000,
  maxTransactionTimeoutMs: 900_000,
  segmentBytes: 256 * 1024 * 1024,
  indexIntervalBytes: 4096,
  fsync: 'interval',
  fsyncIntervalMs: 1000,
  retentionMs: 7 * 24 * 3600 * 1000,
  retentionBytes: -1,
  retentionCheckIntervalMs: 60_000,
  initialRebalanceDelayMs: 0,
  minSessionTimeoutMs: 1000,
  maxSessionTimeoutMs: 300_000,
};

export type StartBrokerOptions = Partial<BrokerSettings> & {
  readonly dataDir: string;
  /** Where connection problems are reported; default: one line on stderr. */
  readonly onProblem?: (message: string) => void;
};

export interface RunningBroker {
  readonly host: string;
  readonly port: number;
  /** `host:port`, ready for KAFKA_BROKERS or a client's `brokers` list. */
  readonly bootstrap: string;
  readonly metricsRegistry: Registry;
  close(): Promise<void>;
}

function advertisedHostFor(settings: BrokerSettings): string {
  if (settings.advertisedHost !== '') return settings.advertisedHost;
  return settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host;
}

export async function startBroker(options: StartBrokerOptions): Promise<RunningBroker> {
  const { onProblem = (message: string) => process.stderr.write(`broker: ${message}\n`), ...overrides } = options;
  const settings: BrokerSettings = { ...DEFAULT_BROKER_SETTINGS, ...overrides };
  const logs = new LogManager(settings.dataDir, settings, onProblem);
  const offsets = new OffsetStore(settings.dataDir, settings.fsync === 'always', onProblem);
  const coordinator = new GroupCoordinator(offsets, settings);
  const metrics = new BrokerMetrics({
    activeGroups: () => coordinator.activeGroupCount,
    openSegmentFiles: () => logs.openFiles,
    logSizes: () =>
      logs.allPartitions().map((log) => ({ topic: log.topic, partition: log.partition, bytes: log.sizeBytes })),
  });
  let lastProducerId = logs.largestProducerId;
  const nextProducerId = (): number => ++lastProducerId;
  const transactions = new TransactionCoordinator(logs, coordinator, settings, nextProducerId, onProblem);
  const closingListeners = new Set<() => void>();
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, () => resolve());
    });
  } catch (error) {
    transactions.close();
    coordinator.close();
    logs.close();
    throw error;
  }
  const { port } = server.address() as net.AddressInfo;
  const context: BrokerContext = {
    settings,
    logs,
    coordinator,
    transactions,
    metrics,
    node: { nodeId: settings.nodeId, host: advertisedHostFor(settings), port },
    nextProducerId,
    onClosing(listener) {
      closingListeners.add(listener);
      return () => closingListeners.delete(listener);
    },
  };
  const broker = new Broker(context);
  const connections = new Set<Connection>();
  server.on('connection', (socket) => {
    const connection = new Connection(socket, broker, settings.maxRequestBytes, onProblem);
    connections.add(connection);
    metrics.activeConnections.inc();
    socket.on('close', () => {
      connections.delete(connection);
      metrics.activeConnections.dec();
    });
  });
  let closed: Promise<void> | undefined;
  return {
    host: context.node.host,
    port,
    bootstrap: `${context.node.host}:${port}`,
    metricsRegistry: metrics.registry,
    close() {
      closed ??= (async () => {
        for (const listener of [...closingListeners]) listener();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const connection of connections) connection.close();
        });
        transactions.close();
        coordinator.close();
        logs.close();
      })();
      return closed;
    },
  };
}
export { type MetricsServer, serveMetrics } from './metrics/serveMetrics.js';
