/** Everything a broker instance is configured with; `startBroker` fills the defaults. */
import type { CoordinatorSettings } from './coordinator/GroupCoordinator.js';
import type { TransactionSettings } from './coordinator/TransactionCoordinator.js';
import type { LogLimits, LogSettings } from './log/LogSettings.js';

export interface BrokerSettings extends LogSettings, LogLimits, CoordinatorSettings, TransactionSettings {
  /** Address to bind. */
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Host clients are told to connect to (Metadata, FindCoordinator). */
  readonly advertisedHost: string;
  readonly nodeId: number;
  readonly clusterId: string;
  /** Root of the broker's files (topics/, group-offsets.jsonl). */
  readonly dataDir: string;
  readonly defaultPartitions: number;
  readonly autoCreateTopics: boolean;
  /** Frames larger than this close the connection. */
  readonly maxRequestBytes: number;
  /** Most partitions one CreateTopics or CreatePartitions request may add in total. */
  readonly maxPartitionsPerRequest: number;
}
