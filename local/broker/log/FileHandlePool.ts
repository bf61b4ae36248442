/**
 * A bounded, least-recently-used set of open segment files. Segments ask for their descriptor on
 * every read or write instead of holding one, so the broker keeps at most `capacity` log files open
 * however many partitions it has (one CreateTopics with a million partitions once used up every
 * descriptor of the process). Descriptors are only used synchronously right after they are handed
 * out, so closing the least recently used one can never pull it from under a pending operation.
 * Closing a written file loses nothing: its data stays in the page cache and a later fsync on a new
 * descriptor flushes it.
 */
import fs from 'node:fs';

export class FileHandlePool {
  /** Open descriptors by path; Map iteration order is least recently used first. */
  private readonly open = new Map<string, number>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`open segment file limit ${capacity} is not a whole number >= 1`);
    }
  }

  /** The descriptor of `filePath` opened for reading and writing (created when missing). */
  descriptor(filePath: string): number {
    const existing = this.open.get(filePath);
    if (existing !== undefined) {
      this.open.delete(filePath);
      this.open.set(filePath, existing);
      return existing;
    }
    if (this.open.size >= this.capacity) this.closeLeastRecentlyUsed();
    const fd = fs.openSync(filePath, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
    this.open.set(filePath, fd);
    return fd;
  }

  private closeLeastRecentlyUsed(): void {
    const oldest = this.open.entries().next();
    if (oldest.done === true) return;
    const [filePath, fd] = oldest.value;
    this.open.delete(filePath);
    fs.closeSync(fd);
  }

  /** Closes `filePath` if it is open (before the file is deleted, or when its segment closes). */
  release(filePath: string): void {
    const fd = this.open.get(filePath);
    if (fd === undefined) return;
    this.open.delete(filePath);
    fs.closeSync(fd);
  }

  get openCount(): number {
    return this.open.size;
  }

  closeAll(): void {
    for (const fd of this.open.values()) fs.closeSync(fd);
    this.open.clear();
  }
}
