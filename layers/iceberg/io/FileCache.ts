/**
 * A read-through cache of immutable remote files on local disk, bounded in bytes with LRU eviction.
 * Iceberg data and manifest files are never rewritten in place, so an entry keyed by location and
 * size stays valid; the size in the key catches an object replaced under the same name. Concurrent
 * requests for the same entry share one download. Eviction order survives restarts through mtimes.
 * Processes may share a directory; each bounds what it knows of, so the bound is per process.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface FileCacheOptions {
  readonly dir: string;
  readonly maxBytes: number;
}

export interface FileCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
  readonly bytes: number;
  readonly entries: number;
}

/** Downloads the object into `targetPath` (a fresh file in the cache directory). */
export type Fetcher = (targetPath: string) => Promise<void>;

const ENTRY_SUFFIX = '.bin';
const STALE_TEMP_MS = 60 * 60 * 1000;

const sharedByDir = new Map<string, FileCache>();

export class FileCache {
  /** One cache per directory in a process, so every FileIO that uses the directory shares its index. */
  static shared(options: FileCacheOptions): FileCache {
    const dir = path.resolve(options.dir);
    let cache = sharedByDir.get(dir);
    if (cache === undefined) {
      cache = new FileCache({ ...options, dir });
      sharedByDir.set(dir, cache);
    }
    return cache;
  }

  private readonly entries = new Map<string, number>(); // key -> size, least recently used first
  private readonly inFlight = new Map<string, Promise<string>>();
  private totalBytes = 0;
  private loaded: Promise<void> | undefined;
  private counters = { hits: 0, misses: 0, evictions: 0 };

  constructor(readonly options: FileCacheOptions) {}

  /** The path of a local copy of `location` (which has `size` bytes), downloading it on a miss. */
  async localPath(location: string, size: number, fetch: Fetcher): Promise<string> {
    await this.load();
    const key = cacheKey(location, size);
    const entryPath = this.pathOf(key);
    if (this.entries.has(key)) {
      // Another process sharing the directory may have evicted the file: then it is a miss.
      const present = await fs.utimes(entryPath, new Date(), new Date()).then(
        () => true,
        () => false,
      );
      if (present) {
        this.touch(key);
        this.counters.hits++;
        return entryPath;
      }
      this.forget(key);
    }
    const pending = this.inFlight.get(key);
    if (pending !== undefined) return pending;
    const download = this.download(key, location, size, fetch).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, download);
    return download;
  }

  stats(): FileCacheStats {
    return { ...this.counters, bytes: this.totalBytes, entries: this.entries.size };
  }

  private async download(key: string, location: string, size: number, fetch: Fetcher): Promise<string> {
    this.counters.misses++;
    const entryPath = this.pathOf(key);
    const temp = path.join(this.options.dir, `.${key}.${randomUUID()}.tmp`);
    try {
      await fetch(temp);
      const actual = (await fs.stat(temp)).size;
      if (actual !== size) {
        throw new Error(`cached copy of ${location} has ${actual} bytes, expected ${size}`);
      }
      await fs.rename(temp, entryPath);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
    this.entries.set(key, size);
    this.totalBytes += size;
    await this.evict(key);
    return entryPath;
  }

  /** Drops least recently used entries until the cache fits, never the entry just added. */
  private async evict(keep: string): Promise<void> {
    for (const [key, size] of this.entries) {
      if (this.totalBytes <= this.options.maxBytes) return;
      if (key === keep) continue;
      this.entries.delete(key);
      this.totalBytes -= size;
      this.counters.evictions++;
      await fs.rm(this.pathOf(key), { force: true });
    }
  }

  private forget(key: string): void {
    const size = this.entries.get(key);
    if (size === undefined) return;
    this.entries.delete(key);
    this.totalBytes -= size;
  }

  private touch(key: string): void {
    const size = this.entries.get(key);
    if (size === undefined) return;
    this.entries.delete(key);
    this.entries.set(key, size);
  }

  private load(): Promise<void> {
    this.loaded ??= this.scan();
    return this.loaded;
  }

  /**
   * Rebuilds the index from a previous run's files, oldest use first. Temp files older than an hour are
   * leftovers of a crashed download (younger ones may belong to another process downloading right now).
   */
  private async scan(): Promise<void> {
    await fs.mkdir(this.options.dir, { recursive: true });
    const found: { key: string; size: number; usedMs: number }[] = [];
    for (const name of await fs.readdir(this.options.dir)) {
      const full = path.join(this.options.dir, name);
      if (name.startsWith('.') && name.endsWith('.tmp')) {
        const stats = await fs.stat(full).catch(() => undefined);
        if (stats !== undefined && Date.now() - stats.mtimeMs > STALE_TEMP_MS) await fs.rm(full, { force: true });
        continue;
      }
      if (!name.endsWith(ENTRY_SUFFIX)) continue;
      const stats = await fs.stat(full).catch(() => undefined);
      if (stats?.isFile())
        found.push({ key: name.slice(0, -ENTRY_SUFFIX.length), size: stats.size, usedMs: stats.mtimeMs });
    }
    found.sort((a, b) => a.usedMs - b.usedMs);
    for (const entry of found) {
      this.entries.set(entry.key, entry.size);
      this.totalBytes += entry.size;
    }
    await this.evict('');
  }

  private pathOf(key: string): string {
    return path.join(this.options.dir, `${key}${ENTRY_SUFFIX}`);
  }
}

function cacheKey(location: string, size: number): string {
  return createHash('sha256').update(`${size}\u0000${location}`).digest('hex');
}
