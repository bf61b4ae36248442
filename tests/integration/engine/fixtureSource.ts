/** A TableSource with an empty catalog: tables are reached only through iceberg_scan on paths. */
import type { TableSource } from '../../../layers/engine/index.js';
import { openTableFile } from '../../../layers/engine/index.js';
import { fileIOFor } from '../../../layers/iceberg/index.js';
import { DUCKDB_ICEBERG_FIXTURES } from '../../helpers/fixtures.js';

/** The duckdb-iceberg fixture tables (read-only; tests/fixtures/iceberg/PROVENANCE.md). */
export const FIXTURE_ROOT = DUCKDB_ICEBERG_FIXTURES;
export const FIXTURES = `${FIXTURE_ROOT}/data/persistent`;

export const pathOnlySource: TableSource = {
  listNamespaces: async () => [],
  listTables: async () => [],
  load: async () => undefined,
  open: (target, options) => openTableFile(target, options, (location) => fileIOFor(location), FIXTURE_ROOT),
};
