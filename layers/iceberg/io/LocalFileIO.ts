/**
 * FileIO on the local filesystem. Whole-file writes go to a temp file that is fsynced and then
 * renamed (readers never see a partial file); create-if-absent links the temp file to the final
 * name, because link() fails with EEXIST when the name is taken while rename() would let every
 * racer "win".
 */
import { randomUUID } from 'node:crypto';
import { constants, type Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { FileAlreadyExistsError, type FileInfo, type FileIO, FileNotFoundError } from './FileIO.js';
import { localLocationLike, localPathOf } from './location.js';
import { ObjectStoreError } from './ObjectStoreError.js';

const TEMP_SUFFIX = '.lakehouse-tmp';

export class LocalFileIO implements FileIO {
  async read(location: string): Promise<Uint8Array> {
    try {
      return await fs.readFile(localPathOf(location));
    } catch (error) {
      throw translate(error, 'read', location);
    }
  }

  async write(location: string, data: Uint8Array): Promise<void> {
    const target = localPathOf(location);
    const temp = await this.writeTemp(target, data, location);
    try {
      await fs.rename(temp, target);
    } catch (error) {
      await removeQuietly(temp);
      throw translate(error, 'write', location);
    }
    await syncDirectory(path.dirname(target));
  }

  async createExclusive(location: string, data: Uint8Array): Promise<void> {
    const target = localPathOf(location);
    const temp = await this.writeTemp(target, data, location);
    try {
      await fs.link(temp, target);
    } catch (error) {
      if (isCode(error, 'EEXIST')) throw new FileAlreadyExistsError(location);
      throw translate(error, 'createExclusive', location);
    } finally {
      await removeQuietly(temp);
    }
    await syncDirectory(path.dirname(target));
  }

  async putFile(location: string, localPath: string): Promise<void> {
    const target = localPathOf(location);
    if (path.resolve(localPath) === target) return;
    await ensureParent(target, location);
    const temp = tempNameFor(target);
    try {
      await fs.copyFile(localPath, temp, constants.COPYFILE_FICLONE);
      await syncFile(temp);
      await fs.rename(temp, target);
    } catch (error) {
      await removeQuietly(temp);
      throw translate(error, 'putFile', location);
    }
  }

  async exists(location: string): Promise<boolean> {
    try {
      await fs.access(localPathOf(location));
      return true;
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return false;
      throw translate(error, 'exists', location);
    }
  }

  async stat(location: string): Promise<FileInfo> {
    try {
      const stats = await fs.stat(localPathOf(location));
      return { location, size: stats.size, lastModifiedMs: Math.trunc(stats.mtimeMs) };
    } catch (error) {
      throw translate(error, 'stat', location);
    }
  }

  /** Deleting a missing file succeeds: deletes are retried by cleanup jobs and must be idempotent. */
  async delete(location: string): Promise<void> {
    try {
      await fs.unlink(localPathOf(location));
    } catch (error) {
      if (isCode(error, 'ENOENT')) return;
      throw translate(error, 'delete', location);
    }
  }

  /**
   * Files whose path starts with the prefix (a directory or a path prefix), recursively. Temp files left
   * by a killed writer are listed too, so orphan cleanup can remove them.
   */
  async *list(prefix: string): AsyncIterable<FileInfo> {
    const prefixPath = localPathOf(prefix);
    const isDirectory = await fs
      .stat(prefixPath)
      .then((stats) => stats.isDirectory())
      .catch(() => false);
    const root = isDirectory ? prefixPath : path.dirname(prefixPath);
    for await (const filePath of walk(root)) {
      if (!isDirectory && !filePath.startsWith(prefixPath)) continue;
      const stats = await fs.stat(filePath).catch(() => undefined);
      if (stats === undefined) continue; // deleted while listing
      yield {
        location: localLocationLike(prefix, filePath),
        size: stats.size,
        lastModifiedMs: Math.trunc(stats.mtimeMs),
      };
    }
  }

  async localPath(location: string): Promise<string> {
    return localPathOf(location);
  }

  private async writeTemp(target: string, data: Uint8Array, location: string): Promise<string> {
    await ensureParent(target, location);
    const temp = tempNameFor(target);
    try {
      const handle = await fs.open(temp, 'wx');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return temp;
    } catch (error) {
      await removeQuietly(temp);
      throw translate(error, 'write', location);
    }
  }
}

function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}${TEMP_SUFFIX}`);
}

async function* walk(dir: string): AsyncIterable<string> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return;
    throw error;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

async function ensureParent(target: string, location: string): Promise<void> {
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
  } catch (error) {
    throw translate(error, 'mkdir', location);
  }
}

async function syncFile(filePath: string): Promise<void> {
  const handle = await fs.open(filePath, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the new directory entry durable; some filesystems refuse fsync on directories, which is harmless. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    await syncFile(dir);
  } catch {
    return;
  }
}

async function removeQuietly(filePath: string): Promise<void> {
  await fs.rm(filePath, { force: true });
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

const RETRIABLE_CODES = new Set(['EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'EINTR', 'ETIMEDOUT']);

function translate(error: unknown, operation: string, location: string): Error {
  if (isCode(error, 'ENOENT')) return new FileNotFoundError(location, { cause: error });
  const code = (error as { code?: unknown } | null)?.code;
  const retriable = typeof code === 'string' && RETRIABLE_CODES.has(code);
  return new ObjectStoreError(operation, location, retriable, undefined, { cause: error });
}
