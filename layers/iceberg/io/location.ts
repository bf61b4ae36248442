/**
 * Location parsing shared by the FileIO implementations. Iceberg metadata records absolute URIs
 * (`s3://bucket/key`, `file:///path`, Java's `file:/path`) or plain absolute paths.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type LocationScheme = 'file' | 's3';

const S3_SCHEMES = ['s3:', 's3a:', 's3n:'];

/** The storage a location lives on; plain paths (no scheme) are local files. */
export function schemeOf(location: string): LocationScheme {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(location);
  if (match === null) return 'file';
  const scheme = `${match[1]?.toLowerCase()}:`;
  if (scheme === 'file:') return 'file';
  if (S3_SCHEMES.includes(scheme)) return 's3';
  throw new UnsupportedLocationError(location);
}

export class UnsupportedLocationError extends Error {
  readonly retriable = false;
  constructor(readonly location: string) {
    super(`no FileIO for location ${location}: expected an absolute path, file:// or s3:// URI`);
    this.name = 'UnsupportedLocationError';
  }
}

/** The absolute local path of a plain path or a file: URI (`file:///a`, `file:/a` and `file://localhost/a`). */
export function localPathOf(location: string): string {
  if (location.startsWith('file:')) {
    const rest = location.slice('file:'.length);
    // Java writes `file:/path`, which the WHATWG parser reads correctly; `file:relative` it does not.
    if (!rest.startsWith('/')) throw new UnsupportedLocationError(location);
    return fileURLToPath(location);
  }
  if (!path.isAbsolute(location)) throw new UnsupportedLocationError(location);
  return path.normalize(location);
}

/** Rebuilds a location in the same style (plain path or file:// URI) as `styleOf`. */
export function localLocationLike(styleOf: string, filePath: string): string {
  return styleOf.startsWith('file:') ? pathToFileURL(filePath).href : filePath;
}

export interface S3Location {
  readonly scheme: string;
  readonly bucket: string;
  readonly key: string;
}

export function parseS3Location(location: string): S3Location {
  const match = /^(s3[an]?):\/\/([^/]+)\/?(.*)$/i.exec(location);
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw new UnsupportedLocationError(location);
  }
  return { scheme: match[1].toLowerCase(), bucket: match[2], key: match[3] ?? '' };
}

export function s3LocationOf(scheme: string, bucket: string, key: string): string {
  return `${scheme}://${bucket}/${key}`;
}
