/**
 * Committed group offsets, kept in memory and persisted as an append-only JSON-lines file
 * (`<dataDir>/group-offsets.jsonl`) that is compacted each time the broker starts. Lines that are
 * torn (kill -9 mid-write) or not offset records at all are skipped with a warning, never fatal.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface CommittedOffset {
  readonly offset: number;
  readonly metadata: string | null;
}

interface Line {
  readonly g: string;
  readonly t: string;
  readonly p: number;
  readonly o: number;
  readonly m: string | null;
}

function isLine(value: unknown): value is Line {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return (
    typeof line.g === 'string' &&
    typeof line.t === 'string' &&
    Number.isSafeInteger(line.p) &&
    (line.p as number) >= 0 &&
    Number.isSafeInteger(line.o) &&
    (line.m === null || typeof line.m === 'string')
  );
}

function key(topic: string, partition: number): string {
  return `${partition}:${topic}`;
}

export class OffsetStore {
  private readonly groups = new Map<string, Map<string, CommittedOffset>>();
  private readonly file: string;
  private fd: number;

  constructor(
    dataDir: string,
    private readonly syncEachCommit: boolean,
    private readonly warn: (message: string) => void,
  ) {
    this.file = path.join(dataDir, 'group-offsets.jsonl');
    this.load();
    this.rewrite();
    this.fd = fs.openSync(this.file, 'a');
  }

  private load(): void {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      // The compaction after loading would overwrite it with nothing: keep it aside instead.
      const aside = `${this.file}.unreadable-${Date.now()}`;
      fs.renameSync(this.file, aside);
      this.warn(
        `${this.file}: unreadable (${(error as Error).message}); moved to ${aside}, committed offsets start empty`,
      );
      return;
    }
    let skipped = 0;
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      let line: unknown;
      try {
        line = JSON.parse(raw);
      } catch {
        line = undefined;
      }
      if (!isLine(line)) {
        skipped++;
        continue;
      }
      if (line.o < 0) this.groups.get(line.g)?.delete(key(line.t, line.p));
      else this.offsetsOf(line.g).set(key(line.t, line.p), { offset: line.o, metadata: line.m });
    }
    if (skipped > 0) this.warn(`${this.file}: skipped ${skipped} torn or unreadable line(s); the rest loaded`);
  }

  private rewrite(): void {
    const lines: string[] = [];
    for (const [group, offsets] of this.groups) {
      for (const [partitionKey, committed] of offsets) {
        const split = partitionKey.indexOf(':');
        const line: Line = {
          g: group,
          t: partitionKey.slice(split + 1),
          p: Number(partitionKey.slice(0, split)),
          o: committed.offset,
          m: committed.metadata,
        };
        lines.push(JSON.stringify(line));
      }
    }
    const temporary = `${this.file}.tmp`;
    fs.writeFileSync(temporary, lines.map((line) => `${line}\n`).join(''));
    fs.renameSync(temporary, this.file);
  }

  private offsetsOf(group: string): Map<string, CommittedOffset> {
    let offsets = this.groups.get(group);
    if (offsets === undefined) {
      offsets = new Map();
      this.groups.set(group, offsets);
    }
    return offsets;
  }

  commit(group: string, entries: readonly { topic: string; partition: number; committed: CommittedOffset }[]): void {
    const lines = entries.map(({ topic, partition, committed }) => {
      this.offsetsOf(group).set(key(topic, partition), committed);
      const line: Line = { g: group, t: topic, p: partition, o: committed.offset, m: committed.metadata };
      return `${JSON.stringify(line)}\n`;
    });
    fs.writeSync(this.fd, lines.join(''));
    if (this.syncEachCommit) fs.fdatasyncSync(this.fd);
  }

  fetch(group: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(group)?.get(key(topic, partition));
  }

  /** Every partition the group has an offset for, as [topic, partition]. */
  partitionsOf(group: string): [string, number][] {
    return [...(this.groups.get(group)?.keys() ?? [])].map((partitionKey) => {
      const split = partitionKey.indexOf(':');
      return [partitionKey.slice(split + 1), Number(partitionKey.slice(0, split))];
    });
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  /** Forgets a deleted topic's offsets in every group. */
  forgetTopic(topic: string): void {
    for (const [group, offsets] of this.groups) {
      const gone = [...offsets.keys()].filter(
        (partitionKey) => partitionKey.slice(partitionKey.indexOf(':') + 1) === topic,
      );
      if (gone.length === 0) continue;
      this.commit(
        group,
        gone.map((partitionKey) => ({
          topic,
          partition: Number(partitionKey.slice(0, partitionKey.indexOf(':'))),
          committed: { offset: -1, metadata: null },
        })),
      );
      for (const partitionKey of gone) offsets.delete(partitionKey);
    }
  }

  /** Forgets every offset of a deleted group. */
  forgetGroup(group: string): void {
    const entries = this.partitionsOf(group).map(([topic, partition]) => ({
      topic,
      partition,
      committed: { offset: -1, metadata: null },
    }));
    if (entries.length > 0) this.commit(group, entries);
    this.groups.delete(group);
  }

  close(): void {
    fs.fdatasyncSync(this.fd);
    fs.closeSync(this.fd);
  }
}
