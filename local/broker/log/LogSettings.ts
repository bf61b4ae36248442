/** How partition logs are written, flushed and trimmed. */
export type FsyncPolicy = 'always' | 'interval' | 'never';

export interface LogSettings {
  /** A segment is rolled once appending would make it larger than this. */
  readonly segmentBytes: number;
  /** Bytes of batches between two sparse index entries. */
  readonly indexIntervalBytes: number;
  /** always: fsync before acknowledging; interval: every fsyncIntervalMs; never: leave it to the OS. */
  readonly fsync: FsyncPolicy;
  readonly fsyncIntervalMs: number;
  /** Closed segments whose newest timestamp is older than this are deleted; -1 keeps them. */
  readonly retentionMs: number;
  /** Oldest closed segments are deleted while the partition is larger than this; -1 keeps them. */
  readonly retentionBytes: number;
  readonly retentionCheckIntervalMs: number;
}

/** Bounds that keep one request or one data folder from exhausting the broker's memory or descriptors. */
export interface LogLimits {
  /** Most partitions one topic may have. */
  readonly maxPartitionsPerTopic: number;
  /** Most partitions across all topics of the broker. */
  readonly maxPartitions: number;
  /** Most segment files held open at once (least recently used ones are closed). */
  readonly maxOpenFiles: number;
}
