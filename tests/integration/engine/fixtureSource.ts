/** A TableSource with an empty catalog: tables are reached only through iceberg_scan on paths. */

import { openTableFile } from '../../../layers/engine/tables/openTableFile.js';
import type { TableSource } from '../../../layers/engine/tables/TableSource.js';
import { fileIOFor } from '../../../layers/iceberg/io/fileIOFor.js';

export const FIXTURE_ROOT = '/work/shared/fixtures/iceberg/duckdb-iceberg';
export const FIXTURES = `${FIXTURE_ROOT}/data/persistent`;

export const pathOnlySource: TableSource = {
  listNamespaces: async () => [],
  listTables: async () => [],
  load: async () => undefined,
  open: (target, options) => openTableFile(target, options, (location) => fileIOFor(location), FIXTURE_ROOT),
};
