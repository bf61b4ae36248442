/** Maps the project's configuration (read once at the edge) onto broker settings. */
import type { Config } from '../../layers/config/index.js';
import type { BrokerSettings } from './BrokerSettings.js';

export function brokerSettingsFromConfig(config: Config): Partial<BrokerSettings> & { dataDir: string } {
  const { kafka } = config;
  return {
    host: kafka.brokerHost,
    advertisedHost: kafka.brokerAdvertisedHost ?? '',
    port: kafka.brokerPort,
    dataDir: config.paths.brokerData,
    defaultPartitions: kafka.defaultPartitions,
    autoCreateTopics: kafka.brokerAutoCreateTopics,
    fsync: kafka.brokerFsync,
    fsyncIntervalMs: kafka.brokerFsyncIntervalMs,
    segmentBytes: kafka.brokerSegmentBytes,
    retentionMs: kafka.brokerRetentionMs,
    retentionBytes: kafka.brokerRetentionBytes,
    nodeId: kafka.brokerNodeId,
    maxPartitionsPerRequest: kafka.brokerMaxPartitionsPerRequest,
    maxPartitionsPerTopic: kafka.brokerMaxPartitionsPerTopic,
    maxPartitions: kafka.brokerMaxPartitions,
    maxOpenFiles: kafka.brokerMaxOpenFiles,
  };
}
