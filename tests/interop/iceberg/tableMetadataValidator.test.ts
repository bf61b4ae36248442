import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DUCKDB_ICEBERG_FIXTURES } from '../../helpers/fixtures.js';
import { loadTableMetadataValidator } from './tableMetadataValidator.js';

// A v2 table written by PyIceberg (tests/fixtures/iceberg): the validator must accept it, and reject it once broken.
const PYICEBERG_METADATA = path.join(
  DUCKDB_ICEBERG_FIXTURES,
  'data/persistent/partition_time/default.db/partition_time/metadata',
  '00001-44546aa6-1ee5-48c5-9e3b-bc6c0bc0a60c.metadata.json',
);

describe('TableMetadata validator (REST OpenAPI schema)', () => {
  const validate = loadTableMetadataValidator();

  it('accepts metadata written by another implementation', () => {
    const metadata = JSON.parse(fs.readFileSync(PYICEBERG_METADATA, 'utf8'));
    assert.deepEqual(validate(metadata), []);
  });

  it('rejects wrong types, broken nested objects and missing v2 fields', () => {
    const metadata = JSON.parse(fs.readFileSync(PYICEBERG_METADATA, 'utf8'));
    metadata['last-updated-ms'] = 'yesterday';
    metadata.schemas[0].fields[0].type = 42;
    delete metadata['last-sequence-number'];
    const problems = validate(metadata);
    assert.ok(
      problems.some((p) => p.startsWith('/last-updated-ms')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((p) => p.startsWith('/schemas/0/fields/0/type')),
      problems.join('\n'),
    );
    assert.ok(problems.includes('format v2 requires last-sequence-number'), problems.join('\n'));
  });
});
