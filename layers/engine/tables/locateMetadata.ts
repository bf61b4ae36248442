/**
 * Finds and reads a table's metadata file outside any catalog (iceberg_scan on a path): a
 * metadata file as given, or for a table location the file `metadata/version-hint.text` names
 * (Hadoop tables: `N` -> vN.metadata.json, or a file stem), else the highest-versioned metadata
 * file in `metadata/`. Gzip-compressed metadata (`.gz.metadata.json`, `.metadata.json.gz`) is read too.
 */
import { gunzipSync } from 'node:zlib';
import { type FileIO, parseTableMetadata, type TableMetadata } from '../../iceberg/index.js';
import { NotFoundError } from '../errors.js';

const METADATA_FILE = /\.metadata\.json(\.gz)?$/;

export function isMetadataFile(location: string): boolean {
  return METADATA_FILE.test(location);
}

function versionOf(name: string): number {
  const match = /^v?(\d+)[-.]/.exec(name);
  return match ? Number(match[1]) : -1;
}

async function firstExisting(io: FileIO, candidates: readonly string[]): Promise<string | undefined> {
  for (const candidate of candidates) if (await io.exists(candidate)) return candidate;
  return undefined;
}

export async function locateMetadataFile(io: FileIO, tableLocation: string): Promise<string> {
  const dir = `${tableLocation.replace(/\/+$/, '')}/metadata`;
  const hintLocation = `${dir}/version-hint.text`;
  if (await io.exists(hintLocation)) {
    const hint = Buffer.from(await io.read(hintLocation))
      .toString('utf8')
      .trim();
    const stem = /^\d+$/.test(hint) ? `v${hint}` : hint;
    const found = await firstExisting(io, [
      `${dir}/${stem}.metadata.json`,
      `${dir}/${stem}.gz.metadata.json`,
      `${dir}/${stem}.metadata.json.gz`,
    ]);
    if (found !== undefined) return found;
  }
  let best: { location: string; version: number } | undefined;
  for await (const file of io.list(dir)) {
    const name = file.location.slice(file.location.lastIndexOf('/') + 1);
    if (!isMetadataFile(name)) continue;
    const version = versionOf(name);
    if (best === undefined || version > best.version) best = { location: file.location, version };
  }
  if (best === undefined) throw new NotFoundError(`no Iceberg metadata file under ${dir}`);
  return best.location;
}

export async function readMetadata(io: FileIO, location: string): Promise<TableMetadata> {
  let bytes = Buffer.from(await io.read(location));
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return parseTableMetadata(bytes.toString('utf8'));
}
