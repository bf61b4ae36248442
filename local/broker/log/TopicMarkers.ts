/**
 * Markers in `<dataDir>/topics/` that let the next start finish a topic creation or deletion a
 * crash interrupted: written (fsynced) before the first partition directory is made or removed,
 * deleted after the last. A marker's name is a hash of the topic, not the topic itself, so that a
 * topic name of Kafka's full 249 characters still fits the file system's 255.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type MarkerKind = 'creating' | 'deleting';

export interface TopicMarker {
  readonly kind: MarkerKind;
  readonly topic: string;
  /** Partitions the topic was created with, or had when its deletion began. */
  readonly partitions: number;
  readonly file: string;
}

const MARKER_NAME = /^\.(creating|deleting)-[0-9a-f]{32}$/;

export class TopicMarkers {
  constructor(private readonly root: string) {}

  /** Whether a file in topics/ is one of these markers (any other file there is a stray). */
  static isMarker(name: string): boolean {
    return MARKER_NAME.test(name);
  }

  fileOf(kind: MarkerKind, topic: string): string {
    const digest = createHash('sha256').update(topic).digest('hex').slice(0, 32);
    return path.join(this.root, `.${kind}-${digest}`);
  }

  write(kind: MarkerKind, topic: string, partitions: number): void {
    const fd = fs.openSync(this.fileOf(kind, topic), 'w');
    try {
      fs.writeSync(fd, JSON.stringify({ topic, partitions }));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  remove(kind: MarkerKind, topic: string): void {
    fs.rmSync(this.fileOf(kind, topic), { force: true });
  }

  /** The marker in `name` (a file of topics/ for which isMarker holds), or why it cannot be used. */
  read(name: string): TopicMarker | string {
    const file = path.join(this.root, name);
    const kind = (MARKER_NAME.exec(name)?.[1] ?? 'creating') as MarkerKind;
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      const { topic, partitions } = (parsed ?? {}) as { topic?: unknown; partitions?: unknown };
      if (typeof topic !== 'string' || !Number.isSafeInteger(partitions) || (partitions as number) < 1) {
        return `${file}: not a topic marker`;
      }
      if (this.fileOf(kind, topic) !== file) return `${file}: names topic ${JSON.stringify(topic)}, not its own`;
      return { kind, topic, partitions: partitions as number, file };
    } catch (error) {
      return `${file}: unreadable (${(error as Error).message})`;
    }
  }
}
