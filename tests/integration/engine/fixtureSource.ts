/** A TableSource with an empty catalog: tables are reached only through iceberg_scan on paths. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TableSource } from '../../../layers/engine/index.js';
import { openTableFile } from '../../../layers/engine/index.js';
import { fileIOFor } from '../../../layers/iceberg/index.js';

/** dist/tests/integration/engine -> repository root -> ../shared/fixtures (read-only; PROVENANCE.md there). */
export const FIXTURE_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/fixtures/iceberg/duckdb-iceberg',
);
export const FIXTURES = `${FIXTURE_ROOT}/data/persistent`;

export const pathOnlySource: TableSource = {
  listNamespaces: async () => [],
  listTables: async () => [],
  load: async () => undefined,
  open: (target, options) => openTableFile(target, options, (location) => fileIOFor(location), FIXTURE_ROOT),
};
