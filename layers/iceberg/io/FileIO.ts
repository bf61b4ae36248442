/**
 * Storage behind one small interface, chosen by URI scheme (file paths / file:// and s3://).
 * Locations are absolute URIs or absolute local paths, exactly as recorded in Iceberg metadata.
 */

export interface FileInfo {
  readonly location: string;
  readonly size: number;
  readonly lastModifiedMs: number;
}

export interface FileIO {
  read(location: string): Promise<Uint8Array>;
  /** Writes (or replaces) a whole object. Used for files whose names are unique per write. */
  write(location: string, data: Uint8Array): Promise<void>;
  /** Creates the object only if absent; throws FileAlreadyExistsError if another writer won. */
  createExclusive(location: string, data: Uint8Array): Promise<void>;
  /** Uploads a local file (multipart for large files on S3). */
  putFile(location: string, localPath: string): Promise<void>;
  exists(location: string): Promise<boolean>;
  stat(location: string): Promise<FileInfo>;
  delete(location: string): Promise<void>;
  /** Every object under a prefix (recursive). */
  list(prefix: string): AsyncIterable<FileInfo>;
  /**
   * A local filesystem path with the file's bytes: the file itself, or a cached copy of an immutable
   * remote object. `knownSize` (from a manifest) saves a remote stat.
   */
  localPath(location: string, knownSize?: number): Promise<string>;
}

export class FileAlreadyExistsError extends Error {
  readonly retriable = false;
  constructor(readonly location: string) {
    super(`file already exists: ${location}`);
    this.name = 'FileAlreadyExistsError';
  }
}

export class FileNotFoundError extends Error {
  readonly retriable = false;
  constructor(
    readonly location: string,
    options?: { cause?: unknown },
  ) {
    super(`file not found: ${location}`, options);
    this.name = 'FileNotFoundError';
  }
}
