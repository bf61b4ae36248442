/**
 * Reading a table whose recorded locations are not where its files are:
 * - DuckDB-iceberg's `allow_moved_paths`: a table copied or moved elsewhere still records its old
 *   location in every path (manifest lists, manifests, data files). Every location under the
 *   recorded table location is read from the same place under the directory that now holds the
 *   table (the parent of its metadata/ directory).
 * - Relative recorded paths (some test writers record them) resolve against a base directory,
 *   the working directory by default, as DuckDB does.
 * MappedFileIO applies such a mapping to every read; writes are refused.
 */
import path from 'node:path';
import type { FileInfo, FileIO } from '../../iceberg/index.js';
import { ReadOnlyError } from '../errors.js';

function withoutTrailingSlash(text: string): string {
  return text.endsWith('/') ? text.slice(0, -1) : text;
}

/** The table root a metadata file lies in: <root>/metadata/<file>.metadata.json -> <root>. */
export function tableRootOfMetadataFile(metadataLocation: string): string {
  const dir = metadataLocation.slice(0, metadataLocation.lastIndexOf('/'));
  return path.posix.basename(dir) === 'metadata' ? dir.slice(0, dir.lastIndexOf('/')) : dir;
}

/** A location mapper from the recorded table location to the actual root (identity elsewhere). */
export function movedLocationMapper(recordedLocation: string, actualRoot: string): (location: string) => string {
  const from = withoutTrailingSlash(recordedLocation);
  const to = withoutTrailingSlash(actualRoot);
  // Writers spell the same root several ways: './t' vs 't', 'file:///a' vs 'file:/a', 'file://rel/a' vs 'rel/a'.
  const bare = from.replace(/^file:(\/\/)?/, '').replace(/^\.\//, '');
  const variants = [
    ...new Set([from, bare, `file:${bare}`, `file://${bare}`, `file:///${bare.replace(/^\/+/, '')}`]),
  ].sort((a, b) => b.length - a.length);
  return (location: string): string => {
    for (const prefix of variants) {
      if (location === prefix || location.startsWith(`${prefix}/`)) return `${to}${location.slice(prefix.length)}`;
    }
    return location;
  };
}

/** Plain relative paths (no scheme) resolved against `baseDir`; everything else unchanged. */
export function relativePathResolver(baseDir: string): (location: string) => string {
  return (location: string): string =>
    /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(location) || path.isAbsolute(location)
      ? location
      : path.resolve(baseDir, location);
}

export class MappedFileIO implements FileIO {
  constructor(
    private readonly inner: FileIO,
    private readonly map: (location: string) => string,
  ) {}

  read(location: string): Promise<Uint8Array> {
    return this.inner.read(this.map(location));
  }

  exists(location: string): Promise<boolean> {
    return this.inner.exists(this.map(location));
  }

  stat(location: string): Promise<FileInfo> {
    return this.inner.stat(this.map(location));
  }

  list(prefix: string): AsyncIterable<FileInfo> {
    return this.inner.list(this.map(prefix));
  }

  localPath(location: string): Promise<string> {
    return this.inner.localPath(this.map(location));
  }

  write(location: string): Promise<void> {
    return Promise.reject(new ReadOnlyError(`cannot write ${location}: table opened read-only from a path`));
  }

  createExclusive(location: string): Promise<void> {
    return this.write(location);
  }

  putFile(location: string): Promise<void> {
    return this.write(location);
  }

  delete(location: string): Promise<void> {
    return this.write(location);
  }
}
