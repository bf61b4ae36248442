/** Where metadata files go and how they are read and written through FileIO. */
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { ValidationError } from '../errors.js';
import type { FileIO } from '../io/FileIO.js';
import { parseTableMetadata, serializeTableMetadata, type TableMetadata } from '../spec/tableMetadata.js';

/** The version encoded in `<version>-<uuid>.metadata.json` (or Java's `v<N>.metadata.json`), -1 if none. */
export function metadataVersion(location: string | undefined): number {
  if (location === undefined) return -1;
  const name = location.slice(location.lastIndexOf('/') + 1);
  const match = /^v?(\d+)[-.]/.exec(name);
  return match ? Number(match[1]) : -1;
}

export function newMetadataLocation(metadata: TableMetadata, previousLocation: string | undefined): string {
  const version = metadataVersion(previousLocation) + 1;
  const dir = metadata.properties['write.metadata.path'] ?? `${metadata.location}/metadata`;
  return `${dir}/${String(version).padStart(5, '0')}-${randomUUID()}.metadata.json`;
}

/** Reads a metadata file, gzip-compressed ones (`.gz.metadata.json`) included. */
export async function readMetadataFile(io: FileIO, location: string): Promise<TableMetadata> {
  const bytes = Buffer.from(await io.read(location));
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  try {
    return parseTableMetadata(text);
  } catch (error) {
    throw new ValidationError(`invalid table metadata ${location}: ${(error as Error).message}`, { cause: error });
  }
}

/** Writes a new metadata file; fails with FileAlreadyExistsError rather than overwrite one. */
export async function writeMetadataFile(io: FileIO, location: string, metadata: TableMetadata): Promise<void> {
  await io.createExclusive(location, new Uint8Array(Buffer.from(serializeTableMetadata(metadata), 'utf8')));
}

/** Appends the previous file to the metadata log, keeping `write.metadata.previous-versions-max` (default 100). */
export function withMetadataLog(
  next: TableMetadata,
  base: TableMetadata,
  baseLocation: string,
): { metadata: TableMetadata; dropped: string[] } {
  const max = Number(next.properties['write.metadata.previous-versions-max'] ?? 100);
  const log = [...base.metadataLog, { timestampMs: base.lastUpdatedMs, metadataFile: baseLocation }];
  const keep = Math.max(0, max);
  const dropped = log.slice(0, Math.max(0, log.length - keep)).map((e) => e.metadataFile);
  return { metadata: { ...next, metadataLog: log.slice(Math.max(0, log.length - keep)) }, dropped };
}
