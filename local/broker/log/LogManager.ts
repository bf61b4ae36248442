/**
 * All topics and their partition logs under `<dataDir>/topics/<topic>-<partition>/`, plus the
 * timers that flush (fsync policy "interval") and apply retention. Partition counts are bounded
 * per topic and per broker, open segment files by a shared LRU pool. Loading never fails on what
 * it finds on disk: anything it cannot use is skipped or repaired, and said so through `warn`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BrokerError, ErrorCode } from '../protocol/errors.js';
import { FileHandlePool } from './FileHandlePool.js';
import type { LogLimits, LogSettings } from './LogSettings.js';
import { type LogEnvironment, PartitionLog } from './PartitionLog.js';
import { TopicConfigStore } from './TopicConfigStore.js';
import { type TopicMarker, TopicMarkers } from './TopicMarkers.js';
import { type ConfigDescription, describeTopicConfig, type TopicOverrides, topicSettings } from './topicConfig.js';

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

export function validateTopicName(name: string): void {
  if (!TOPIC_NAME.test(name) || name === '.' || name === '..') {
    throw new BrokerError(
      ErrorCode.INVALID_TOPIC_EXCEPTION,
      `invalid topic name ${JSON.stringify(name)}: use 1-249 of [a-zA-Z0-9._-]`,
      false,
    );
  }
}

/** Why `topic`, named in `file`, is not a topic name, or undefined when it is one. */
function invalidTopicName(topic: string, file: string): string | undefined {
  try {
    validateTopicName(topic);
    return undefined;
  } catch (error) {
    return `${file}: ${(error as Error).message}`;
  }
}

export class LogManager {
  private readonly topics = new Map<string, PartitionLog[]>();
  private readonly root: string;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly appendListeners = new Set<(log: PartitionLog) => void>();
  private readonly environment: LogEnvironment;
  private readonly configStore: TopicConfigStore;
  private readonly markers: TopicMarkers;
  private readonly overrides = new Map<string, TopicOverrides>();
  private partitionCount = 0;

  constructor(
    dataDir: string,
    private readonly settings: LogSettings & LogLimits,
    private readonly warn: (message: string) => void,
  ) {
    this.root = path.join(dataDir, 'topics');
    this.environment = { files: new FileHandlePool(settings.maxOpenFiles), warn };
    this.configStore = new TopicConfigStore(dataDir, warn);
    this.markers = new TopicMarkers(this.root);
    fs.mkdirSync(this.root, { recursive: true });
    this.load();
    if (settings.fsync === 'interval') {
      this.timers.push(setInterval(() => this.flushAll(), settings.fsyncIntervalMs).unref());
    }
    // Always armed: a topic may set its own retention.ms or retention.bytes.
    this.timers.push(setInterval(() => this.enforceRetention(Date.now()), settings.retentionCheckIntervalMs).unref());
  }

  /** Partitions found per topic (highest number + 1, directories present), and the markers left. */
  private scan(): { found: Map<string, { count: number; present: number }>; markers: TopicMarker[] } {
    const found = new Map<string, { count: number; present: number }>();
    const markers: TopicMarker[] = [];
    for (const entry of fs.readdirSync(this.root, { withFileTypes: true })) {
      const where = path.join(this.root, entry.name);
      if (entry.isFile() && TopicMarkers.isMarker(entry.name)) {
        const marker = this.markers.read(entry.name);
        const problem = typeof marker === 'string' ? marker : invalidTopicName(marker.topic, where);
        if (problem === undefined) {
          markers.push(marker as TopicMarker);
        } else {
          this.warn(`${problem}; removed, the topic directories on disk are taken as they are`);
          fs.rmSync(where, { force: true });
        }
        continue;
      }
      const match = /^(.+)-(\d{1,10})$/.exec(entry.name);
      if (match === null || !entry.isDirectory()) {
        this.warn(`ignoring ${where}: not a <topic>-<partition> directory`);
        continue;
      }
      const [, topic, partition] = match as unknown as [string, string, string];
      // Counted in place, not collected: a folder may hold a million of these.
      const seen = found.get(topic) ?? { count: 0, present: 0 };
      found.set(topic, { count: Math.max(seen.count, Number(partition) + 1), present: seen.present + 1 });
    }
    return { found, markers };
  }

  /** Finishes what a crash interrupted: deletions first (they win over a creation of the same topic). */
  private finishInterrupted(
    found: Map<string, { count: number; present: number }>,
    markers: TopicMarker[],
  ): Set<string> {
    const completed = new Set<string>();
    const deleted = new Set<string>();
    const ordered = [...markers].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'deleting' ? -1 : 1));
    for (const { kind, topic, partitions, file } of ordered) {
      const onDisk = found.get(topic) ?? { count: 0, present: 0 };
      if (kind === 'deleting') {
        this.warn(`${file}: the deletion of topic ${topic} was interrupted; finishing it`);
        for (let partition = 0; partition < Math.max(partitions, onDisk.count); partition++) {
          fs.rmSync(path.join(this.root, `${topic}-${partition}`), { recursive: true, force: true });
        }
        this.configStore.delete(topic);
        found.delete(topic);
        deleted.add(topic);
      } else if (!deleted.has(topic)) {
        this.warn(
          `${file}: the creation of topic ${topic} with ${partitions} partitions was interrupted after ${onDisk.present} of them; completing it`,
        );
        found.set(topic, { count: Math.max(partitions, onDisk.count), present: onDisk.present });
        completed.add(topic);
      }
    }
    return completed;
  }

  private load(): void {
    const { found, markers } = this.scan();
    const completed = this.finishInterrupted(found, markers);
    for (const [topic, { count, present }] of [...found].sort(([a], [b]) => (a < b ? -1 : 1))) {
      try {
        validateTopicName(topic);
        this.checkPartitionLimits(topic, count);
      } catch (error) {
        this.warn(
          `topic ${topic} (${count} partitions on disk) not loaded, its files are kept: ${(error as Error).message}`,
        );
        continue;
      }
      if (present < count && !completed.has(topic)) {
        this.warn(
          `topic ${topic}: ${count - present} of its ${count} partition directories were missing (an interrupted creation?), created empty`,
        );
      }
      try {
        this.addTopic(topic, count);
      } catch (error) {
        this.warn(`topic ${topic} not loaded, its files are kept: ${(error as Error).message}`);
      }
    }
    for (const { kind, topic } of markers) this.markers.remove(kind, topic);
  }

  /** Refuses a topic of `topicTotal` partitions, `added` of them new, when it breaks a limit. */
  private checkPartitionLimits(topic: string, topicTotal: number, added = topicTotal): void {
    const { maxPartitionsPerTopic, maxPartitions } = this.settings;
    if (topicTotal > maxPartitionsPerTopic) {
      throw new BrokerError(
        ErrorCode.INVALID_PARTITIONS,
        `topic ${topic}: ${topicTotal} partitions exceeds the limit of ${maxPartitionsPerTopic} per topic (BROKER_MAX_PARTITIONS_PER_TOPIC)`,
        false,
      );
    }
    if (this.partitionCount + added > maxPartitions) {
      throw new BrokerError(
        ErrorCode.POLICY_VIOLATION,
        `topic ${topic}: ${added} more partitions would make ${this.partitionCount + added} on this broker, above its limit of ${maxPartitions} (BROKER_MAX_PARTITIONS)`,
        false,
      );
    }
  }

  /** Opens (creating when missing) partitions from..count-1; on failure closes what it opened and rethrows. */
  private openPartitions(topic: string, from: number, count: number): PartitionLog[] {
    const settings = topicSettings(this.settings, this.overrides.get(topic) ?? new Map());
    const opened: PartitionLog[] = [];
    try {
      for (let partition = from; partition < count; partition++) {
        const dir = path.join(this.root, `${topic}-${partition}`);
        opened.push(new PartitionLog(topic, partition, dir, settings, this.environment));
      }
    } catch (error) {
      for (const log of opened) log.close();
      throw error;
    }
    return opened;
  }

  private addTopic(topic: string, count: number): PartitionLog[] {
    this.overrides.set(topic, this.configStore.load(topic));
    const logs = this.openPartitions(topic, 0, count);
    this.topics.set(topic, logs);
    this.partitionCount += count;
    return logs;
  }

  /** Throws the error a CreateTopics or CreatePartitions for this count would be answered with. */
  validateNewPartitions(topic: string, partitions: number): void {
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new BrokerError(
        ErrorCode.INVALID_PARTITIONS,
        `topic ${topic}: ${partitions} partitions is not >= 1`,
        false,
      );
    }
    this.checkPartitionLimits(topic, partitions);
  }

  topicNames(): string[] {
    return [...this.topics.keys()].sort();
  }

  partitions(topic: string): readonly PartitionLog[] | undefined {
    return this.topics.get(topic);
  }

  partition(topic: string, partition: number): PartitionLog {
    const log = this.topics.get(topic)?.[partition];
    if (log === undefined) {
      throw new BrokerError(
        ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        `topic-partition ${topic}-${partition} does not exist`,
        true,
      );
    }
    return log;
  }

  /**
   * Creates a topic whole or not at all: when a partition cannot be created (disk full, no
   * descriptors), the ones already made are deleted again before the error is thrown. A crash
   * in between leaves the creation marker, and the next start completes the topic from it.
   */
  createTopic(topic: string, partitions: number, overrides: TopicOverrides = new Map()): readonly PartitionLog[] {
    validateTopicName(topic);
    if (this.topics.has(topic)) {
      throw new BrokerError(ErrorCode.TOPIC_ALREADY_EXISTS, `topic ${topic} already exists`, false);
    }
    this.validateNewPartitions(topic, partitions);
    const created: string[] = [];
    try {
      this.markers.write('creating', topic, partitions);
      this.configStore.save(topic, overrides);
      for (let partition = 0; partition < partitions; partition++) {
        const dir = path.join(this.root, `${topic}-${partition}`);
        fs.mkdirSync(dir);
        created.push(dir);
      }
      const logs = this.addTopic(topic, partitions);
      this.markers.remove('creating', topic);
      return logs;
    } catch (error) {
      for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
      this.configStore.delete(topic);
      this.overrides.delete(topic);
      this.markers.remove('creating', topic);
      throw error;
    }
  }

  describeConfig(topic: string): ConfigDescription[] {
    const overrides = this.overrides.get(topic);
    if (overrides === undefined) {
      throw new BrokerError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${topic} does not exist`, false);
    }
    return describeTopicConfig(this.settings, overrides);
  }

  configOverrides(topic: string): TopicOverrides | undefined {
    return this.overrides.get(topic);
  }

  /** Replaces the topic's overrides (already validated), persists them and applies them to its partitions. */
  replaceConfig(topic: string, overrides: TopicOverrides): void {
    const logs = this.topics.get(topic);
    if (logs === undefined) {
      throw new BrokerError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${topic} does not exist`, false);
    }
    this.configStore.save(topic, overrides);
    this.overrides.set(topic, overrides);
    const settings = topicSettings(this.settings, overrides);
    for (const log of logs) log.reconfigure(settings);
  }

  /** Throws what growing `topic` to `total` partitions would be refused with. */
  validateGrowth(topic: string, total: number): void {
    this.growthOf(topic, total);
  }

  private growthOf(topic: string, total: number): PartitionLog[] {
    const logs = this.topics.get(topic);
    if (logs === undefined) {
      throw new BrokerError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${topic} does not exist`, false);
    }
    if (!Number.isInteger(total) || total <= logs.length) {
      throw new BrokerError(
        ErrorCode.INVALID_PARTITIONS,
        `topic ${topic} has ${logs.length} partitions; a new count must be larger, got ${total}`,
        false,
      );
    }
    this.checkPartitionLimits(topic, total, total - logs.length);
    return logs;
  }

  /** Grows a topic to `total` partitions (CreatePartitions); a topic never shrinks. */
  addPartitions(topic: string, total: number): void {
    const logs = this.growthOf(topic, total);
    const added = total - logs.length;
    const opened = this.openPartitions(topic, logs.length, total);
    logs.push(...opened);
    this.partitionCount += added;
  }

  deleteTopic(topic: string): void {
    const logs = this.topics.get(topic);
    if (logs === undefined) {
      throw new BrokerError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${topic} does not exist`, false);
    }
    this.topics.delete(topic);
    this.overrides.delete(topic);
    this.partitionCount -= logs.length;
    this.markers.write('deleting', topic, logs.length);
    for (const log of logs) log.deleteFiles();
    this.configStore.delete(topic);
    this.markers.remove('deleting', topic);
  }

  onAppend(listener: (log: PartitionLog) => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  notifyAppend(log: PartitionLog): void {
    for (const listener of [...this.appendListeners]) listener(log);
  }

  get openFiles(): number {
    return this.environment.files.openCount;
  }

  get largestProducerId(): number {
    let largest = -1;
    for (const logs of this.topics.values()) for (const log of logs) largest = Math.max(largest, log.largestProducerId);
    return largest;
  }

  allPartitions(): PartitionLog[] {
    return [...this.topics.values()].flat();
  }

  flushAll(): void {
    for (const log of this.allPartitions()) log.flush();
  }

  enforceRetention(now: number): void {
    for (const log of this.allPartitions()) log.enforceRetention(now);
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const log of this.allPartitions()) log.close();
    this.environment.files.closeAll();
    this.topics.clear();
  }
}
