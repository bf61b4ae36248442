/**
 * All topics and their partition logs under `<dataDir>/topics/<topic>-<partition>/`, plus the
 * timers that flush (fsync policy "interval") and apply retention.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BrokerError, ErrorCode } from '../protocol/errors.js';
import type { LogSettings } from './LogSettings.js';
import { PartitionLog } from './PartitionLog.js';

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

export class LogManager {
  private readonly topics = new Map<string, PartitionLog[]>();
  private readonly root: string;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly appendListeners = new Set<(log: PartitionLog) => void>();

  constructor(
    dataDir: string,
    private readonly settings: LogSettings,
  ) {
    this.root = path.join(dataDir, 'topics');
    fs.mkdirSync(this.root, { recursive: true });
    this.load();
    if (settings.fsync === 'interval') {
      this.timers.push(setInterval(() => this.flushAll(), settings.fsyncIntervalMs).unref());
    }
    if (settings.retentionMs >= 0 || settings.retentionBytes >= 0) {
      this.timers.push(setInterval(() => this.enforceRetention(Date.now()), settings.retentionCheckIntervalMs).unref());
    }
  }

  private load(): void {
    const found = new Map<string, number[]>();
    for (const name of fs.readdirSync(this.root)) {
      const match = /^(.+)-(\d+)$/.exec(name);
      if (match === null) continue;
      const [, topic, partition] = match as unknown as [string, string, string];
      found.set(topic, [...(found.get(topic) ?? []), Number(partition)]);
    }
    for (const [topic, partitions] of found) {
      const count = Math.max(...partitions) + 1;
      this.topics.set(topic, this.openPartitions(topic, count));
    }
  }

  private openPartitions(topic: string, count: number): PartitionLog[] {
    return Array.from(
      { length: count },
      (_, partition) =>
        new PartitionLog(topic, partition, path.join(this.root, `${topic}-${partition}`), this.settings),
    );
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

  createTopic(topic: string, partitions: number): readonly PartitionLog[] {
    validateTopicName(topic);
    if (this.topics.has(topic)) {
      throw new BrokerError(ErrorCode.TOPIC_ALREADY_EXISTS, `topic ${topic} already exists`, false);
    }
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new BrokerError(
        ErrorCode.INVALID_PARTITIONS,
        `topic ${topic}: ${partitions} partitions is not >= 1`,
        false,
      );
    }
    const logs = this.openPartitions(topic, partitions);
    this.topics.set(topic, logs);
    return logs;
  }

  deleteTopic(topic: string): void {
    const logs = this.topics.get(topic);
    if (logs === undefined) {
      throw new BrokerError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${topic} does not exist`, false);
    }
    this.topics.delete(topic);
    for (const log of logs) log.deleteFiles();
  }

  onAppend(listener: (log: PartitionLog) => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  notifyAppend(log: PartitionLog): void {
    for (const listener of [...this.appendListeners]) listener(log);
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
    this.topics.clear();
  }
}
