/**
 * File IO for Iceberg tables: one interface (FileIO), implementations for the local filesystem and
 * S3-compatible stores chosen by URI scheme, and the local read-through cache for remote data files.
 */
export { FileCache, type FileCacheOptions, type FileCacheStats } from './FileCache.js';
export { FileAlreadyExistsError, type FileInfo, type FileIO, FileNotFoundError } from './FileIO.js';
export { type FileIOOptions, fileIOFor } from './fileIOFor.js';
export { LocalFileIO } from './LocalFileIO.js';
export {
  type LocationScheme,
  localLocationLike,
  localPathOf,
  parseS3Location,
  schemeOf,
  UnsupportedLocationError,
} from './location.js';
export { ObjectStoreError } from './ObjectStoreError.js';
export { backoffMs, DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from './retry.js';
export { type S3Credentials, S3FileIO, type S3FileIOOptions } from './S3FileIO.js';
export { isNotFound, isPreconditionFailed, isRetriableS3Error } from './s3Errors.js';
