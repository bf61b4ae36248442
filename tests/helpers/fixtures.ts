/** The recorded data the tests read: tests/fixtures in the repository (sources and licences beside each set). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/tests/helpers -> repository root -> tests/fixtures (fixtures are read from the source tree, not dist). */
export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures');

/** Coinbase captures (tests/fixtures/coinbase/SOURCES.md). */
export const COINBASE_FIXTURES = path.join(FIXTURES_DIR, 'coinbase');

/** Iceberg tables written by Spark and PyIceberg (tests/fixtures/iceberg/PROVENANCE.md). */
export const DUCKDB_ICEBERG_FIXTURES = path.join(FIXTURES_DIR, 'iceberg', 'duckdb-iceberg');
