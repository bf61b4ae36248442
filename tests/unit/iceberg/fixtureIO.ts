/** Reads the duckdb-iceberg fixtures, whose metadata records paths relative to a root directory. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FileIO, LocalFileIO } from '../../../layers/iceberg/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/tests/unit/iceberg -> repository root -> ../shared/fixtures. */
export const FIXTURES = path.resolve(here, '../../../../../shared/fixtures/iceberg/duckdb-iceberg');
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
