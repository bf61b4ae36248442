/** Reads the duckdb-iceberg fixtures, whose metadata records paths relative to a root directory. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type FileIO, LocalFileIO } from '../../../layers/iceberg/index.js';
import { DUCKDB_ICEBERG_FIXTURES } from '../../helpers/fixtures.js';

export const FIXTURES = DUCKDB_ICEBERG_FIXTURES;
export const PERSISTENT = path.join(FIXTURES, 'data/persistent');

export function relocatingIO(root: string): FileIO {
  const local = new LocalFileIO();
  const resolve = (location: string) => (path.isAbsolute(location) ? location : path.join(root, location));
  return new Proxy(local, {
    get(target, prop, receiver) {
      if (prop === 'read') return (location: string) => readFile(resolve(location)).then((b) => new Uint8Array(b));
      if (prop === 'localPath') return async (location: string) => resolve(location);
      return Reflect.get(target, prop, receiver);
    },
  });
}
