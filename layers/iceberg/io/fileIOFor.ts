/** Chooses the FileIO for a location by its URI scheme: plain paths and file:// go local, s3:// to S3. */
import type { FileCache, FileCacheOptions } from './FileCache.js';
import type { FileIO } from './FileIO.js';
import { LocalFileIO } from './LocalFileIO.js';
import { schemeOf } from './location.js';
import { S3FileIO, type S3FileIOOptions } from './S3FileIO.js';

export interface FileIOOptions {
  readonly s3?: S3FileIOOptions;
  /** The cache behind S3 localPath(); overrides `s3.cache`. */
  readonly cache?: FileCache | FileCacheOptions;
}

const local = new LocalFileIO();
const NO_OPTIONS: FileIOOptions = {};
const s3ByOptions = new WeakMap<FileIOOptions, S3FileIO>();

/**
 * Instances are shared per options object (and for no options), so every table read through the same
 * configuration uses one S3 client, connection pool and cache index: pass the same object each time.
 */
export function fileIOFor(location: string, options: FileIOOptions = NO_OPTIONS): FileIO {
  switch (schemeOf(location)) {
    case 'file':
      return local;
    case 's3': {
      let io = s3ByOptions.get(options);
      if (io === undefined) {
        io = new S3FileIO({ ...options.s3, ...(options.cache === undefined ? {} : { cache: options.cache }) });
        s3ByOptions.set(options, io);
      }
      return io;
    }
  }
}
