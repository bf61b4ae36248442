/**
 * FileIO on S3 and S3-compatible stores (SeaweedFS, MinIO, Ceph RGW) through @aws-sdk/client-s3.
 * Path-style addressing and checksums only when an operation requires them (the SDK's default
 * checksums break S3-compatible stores). Create-if-absent is a conditional PUT (`If-None-Match: *`,
 * 412 when another writer won). Every call is retried here, with backoff, while its error is
 * retriable (5xx, throttling, dropped connections), so the SDK's own retries are switched off.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  type CompletedPart,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { FileCache, type FileCacheOptions } from './FileCache.js';
import { FileAlreadyExistsError, type FileInfo, type FileIO, FileNotFoundError } from './FileIO.js';
import { parseS3Location, type S3Location, s3LocationOf } from './location.js';
import { ObjectStoreError } from './ObjectStoreError.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from './retry.js';
import { httpStatusOf, isNotFound, isPreconditionFailed, isRetriableS3Error } from './s3Errors.js';

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface S3FileIOOptions {
  /** e.g. http://127.0.0.1:8333 for SeaweedFS; unset uses AWS. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Unset uses the SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profiles, ...). */
  readonly credentials?: S3Credentials;
  /** Path-style addressing (bucket in the path, not the host name); default true. */
  readonly forcePathStyle?: boolean;
  readonly retry?: RetryPolicy;
  /** putFile switches to multipart upload from this size on; default 64 MiB. */
  readonly multipartThresholdBytes?: number;
  /** Part size of multipart uploads (S3's minimum is 5 MiB except for the last part); default 16 MiB. */
  readonly partSizeBytes?: number;
  /** Parts uploaded at once; default 4. */
  readonly partConcurrency?: number;
  /** The local cache behind localPath(); default 2 GiB under the OS temp directory. */
  readonly cache?: FileCache | FileCacheOptions;
  /** A ready client (tests); the options above that configure a client are then ignored. */
  readonly client?: S3Client;
}

const MiB = 1024 * 1024;

export class S3FileIO implements FileIO {
  readonly client: S3Client;
  readonly cache: FileCache;
  private readonly retry: RetryPolicy;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly partConcurrency: number;

  constructor(options: S3FileIOOptions = {}) {
    this.client =
      options.client ??
      new S3Client({
        ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        region: options.region ?? 'us-east-1',
        ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
        forcePathStyle: options.forcePathStyle ?? true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 1,
      });
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.multipartThreshold = options.multipartThresholdBytes ?? 64 * MiB;
    this.partSize = options.partSizeBytes ?? 16 * MiB;
    this.partConcurrency = options.partConcurrency ?? 4;
    const cache = options.cache ?? { dir: path.join(os.tmpdir(), 'lakehouse-file-cache'), maxBytes: 2048 * MiB };
    this.cache = cache instanceof FileCache ? cache : FileCache.shared(cache);
  }

  async read(location: string): Promise<Uint8Array> {
    const { bucket, key } = parseS3Location(location);
    return this.call('read', location, async () => {
      const response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (response.Body === undefined) return new Uint8Array();
      return response.Body.transformToByteArray();
    });
  }

  async write(location: string, data: Uint8Array): Promise<void> {
    const { bucket, key } = parseS3Location(location);
    await this.call('write', location, () =>
      this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data, ContentLength: data.byteLength })),
    );
  }

  async createExclusive(location: string, data: Uint8Array): Promise<void> {
    const { bucket, key } = parseS3Location(location);
    // After a failure with no answer the PUT may have landed: a 412 on the next attempt is then
    // possibly our own object, recognised by its bytes (callers put a unique id in what they create).
    const attempts = { mayHaveLanded: false };
    try {
      await this.retryNotingUnanswered(attempts, () =>
        this.client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: data,
            ContentLength: data.byteLength,
            IfNoneMatch: '*',
          }),
        ),
      );
    } catch (error) {
      if (isPreconditionFailed(error)) {
        if (attempts.mayHaveLanded && (await this.holds(location, data))) return;
        throw new FileAlreadyExistsError(location);
      }
      throw this.translate(error, 'createExclusive', location);
    }
  }

  async putFile(location: string, localPath: string): Promise<void> {
    const size = (await fs.stat(localPath)).size;
    if (size < this.multipartThreshold) {
      await this.write(location, await fs.readFile(localPath));
      return;
    }
    await this.multipartUpload(parseS3Location(location), location, localPath, size);
  }

  async exists(location: string): Promise<boolean> {
    try {
      await this.stat(location);
      return true;
    } catch (error) {
      if (error instanceof FileNotFoundError) return false;
      throw error;
    }
  }

  async stat(location: string): Promise<FileInfo> {
    const { bucket, key } = parseS3Location(location);
    const head = await this.call('stat', location, () =>
      this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
    );
    return { location, size: head.ContentLength ?? 0, lastModifiedMs: head.LastModified?.getTime() ?? 0 };
  }

  async delete(location: string): Promise<void> {
    const { bucket, key } = parseS3Location(location);
    await this.call('delete', location, () => this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })));
  }

  async *list(prefix: string): AsyncIterable<FileInfo> {
    const { scheme, bucket, key } = parseS3Location(prefix);
    let continuationToken: string | undefined;
    do {
      const token = continuationToken;
      const page = await this.call('list', prefix, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: key,
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield {
          location: s3LocationOf(scheme, bucket, object.Key),
          size: object.Size ?? 0,
          lastModifiedMs: object.LastModified?.getTime() ?? 0,
        };
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
  }

  /** A cached local copy; pass the size when the caller knows it (Iceberg manifests do) to skip a HEAD. */
  async localPath(location: string, knownSize?: number): Promise<string> {
    const size = knownSize ?? (await this.stat(location)).size;
    const { bucket, key } = parseS3Location(location);
    return this.cache.localPath(location, size, (target) =>
      this.call('download', location, async () => {
        const response = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        await pipeline(response.Body as Readable, createWriteStream(target));
      }),
    );
  }

  private async holds(location: string, data: Uint8Array): Promise<boolean> {
    const existing = await this.read(location).catch(() => undefined);
    return existing !== undefined && Buffer.from(existing).equals(Buffer.from(data));
  }

  private async multipartUpload(target: S3Location, location: string, localPath: string, size: number) {
    const { bucket, key } = target;
    const created = await this.call(
      'createMultipartUpload',
      location,
      () => this.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key })),
      false,
    );
    const uploadId = created.UploadId;
    if (uploadId === undefined) {
      throw new ObjectStoreError('createMultipartUpload', location, true, undefined, { cause: 'no UploadId' });
    }
    const partCount = Math.ceil(size / this.partSize);
    const parts: CompletedPart[] = new Array(partCount);
    const file = await fs.open(localPath, 'r');
    try {
      let next = 0;
      const worker = async () => {
        while (next < partCount) {
          const index = next++;
          parts[index] = await this.uploadPart(target, location, uploadId, { file, localPath, size }, index);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.partConcurrency, partCount) }, worker));
      await this.completeMultipart(target, location, uploadId, parts, size);
    } catch (error) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
        .catch(() => undefined);
      throw error;
    } finally {
      await file.close();
    }
  }

  private async uploadPart(
    { bucket, key }: S3Location,
    location: string,
    uploadId: string,
    source: { file: fs.FileHandle; localPath: string; size: number },
    index: number,
  ): Promise<CompletedPart> {
    const { file, size } = source;
    const offset = index * this.partSize;
    const length = Math.min(this.partSize, size - offset);
    const body = Buffer.alloc(length);
    const { bytesRead } = await file.read(body, 0, length, offset);
    if (bytesRead !== length) {
      throw new ObjectStoreError('uploadPart', location, false, undefined, {
        cause: `${source.localPath} shrank while uploading: read ${bytesRead} of ${length} bytes at ${offset}`,
      });
    }
    const partNumber = index + 1;
    const uploaded = await this.call(
      `uploadPart ${partNumber}`,
      location,
      () =>
        this.client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: partNumber,
            Body: body,
            ContentLength: length,
          }),
        ),
      false,
    );
    return { PartNumber: partNumber, ETag: uploaded.ETag };
  }

  private async completeMultipart(
    { bucket, key }: S3Location,
    location: string,
    uploadId: string,
    parts: CompletedPart[],
    size: number,
  ): Promise<void> {
    const attempts = { mayHaveLanded: false };
    try {
      await this.retryNotingUnanswered(attempts, () =>
        this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
          }),
        ),
      );
    } catch (error) {
      // A retried completion of an upload that did complete finds the upload gone (NoSuchUpload).
      if (
        attempts.mayHaveLanded &&
        isNotFound(error) &&
        (await this.stat(location).catch(() => undefined))?.size === size
      ) {
        return;
      }
      throw this.translate(error, 'completeMultipartUpload', location, false);
    }
  }

  /**
   * Retries a request like call() does, noting in `attempts` when one failed with no answer: its
   * request may still have taken effect, so a later 412 or 404 may be this request's own doing.
   */
  private async retryNotingUnanswered<T>(attempts: { mayHaveLanded: boolean }, send: () => Promise<T>): Promise<T> {
    return withRetries(
      this.retry,
      (error) => {
        const retriable = isRetriableS3Error(error);
        if (retriable) attempts.mayHaveLanded = true;
        return retriable;
      },
      send,
    );
  }

  /** `notFoundIsMissingFile` is false for multipart calls, whose 404s name the upload or bucket, not the object. */
  private async call<T>(
    operation: string,
    location: string,
    send: () => Promise<T>,
    notFoundIsMissingFile = true,
  ): Promise<T> {
    try {
      return await withRetries(this.retry, isRetriableS3Error, send);
    } catch (error) {
      throw this.translate(error, operation, location, notFoundIsMissingFile);
    }
  }

  private translate(error: unknown, operation: string, location: string, notFoundIsMissingFile = true): Error {
    if (error instanceof ObjectStoreError || error instanceof FileNotFoundError) return error;
    if (notFoundIsMissingFile && isNotFound(error)) return new FileNotFoundError(location, { cause: error });
    return new ObjectStoreError(operation, location, isRetriableS3Error(error), httpStatusOf(error), { cause: error });
  }
}
