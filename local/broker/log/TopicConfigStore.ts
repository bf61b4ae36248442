/**
 * Per-topic config overrides, one JSON file per topic under `<dataDir>/topic-configs/`, replaced
 * atomically (temporary file, fsync, rename). A file that cannot be read or holds values this broker
 * does not accept is ignored with a warning: the topic falls back to the broker's settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type TopicOverrides, validateTopicConfig } from './topicConfig.js';

export class TopicConfigStore {
  private readonly dir: string;

  constructor(
    dataDir: string,
    private readonly warn: (message: string) => void,
  ) {
    this.dir = path.join(dataDir, 'topic-configs');
    fs.mkdirSync(this.dir, { recursive: true });
  }

  private fileOf(topic: string): string {
    return path.join(this.dir, `${topic}.json`);
  }

  load(topic: string): TopicOverrides {
    let text: string;
    try {
      text = fs.readFileSync(this.fileOf(topic), 'utf8');
    } catch {
      return new Map();
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
      const overrides = new Map<string, string>();
      for (const [name, value] of Object.entries(parsed)) {
        validateTopicConfig(topic, name, typeof value === 'string' ? value : null);
        overrides.set(name, value as string);
      }
      return overrides;
    } catch (error) {
      this.warn(
        `${this.fileOf(topic)} ignored, topic ${topic} uses the broker's settings: ${(error as Error).message}`,
      );
      return new Map();
    }
  }

  save(topic: string, overrides: TopicOverrides): void {
    const file = this.fileOf(topic);
    if (overrides.size === 0) {
      fs.rmSync(file, { force: true });
      return;
    }
    // Not `${file}.tmp`: with a topic name of Kafka's full 249 characters that passes the 255 a name may have.
    const temporary = path.join(this.dir, '.saving.tmp');
    const fd = fs.openSync(temporary, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(Object.fromEntries(overrides)));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  }

  delete(topic: string): void {
    fs.rmSync(this.fileOf(topic), { force: true });
  }
}
