/**
 * Validates table metadata JSON against the REST catalog OpenAPI `TableMetadata` schema (the
 * fixture copied from apache/iceberg), with $refs resolved inside the document, plus the fields the
 * spec makes required for format v2 that the OpenAPI schema leaves optional.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { repoRoot } from './services/repoRoot.js';

const OPENAPI_FILE = path.join(repoRoot, 'tests/interop/iceberg/fixtures/rest-catalog-open-api.yaml');

const V2_REQUIRED = [
  'format-version',
  'table-uuid',
  'location',
  'last-sequence-number',
  'last-updated-ms',
  'last-column-id',
  'schemas',
  'current-schema-id',
  'partition-specs',
  'default-spec-id',
  'last-partition-id',
  'sort-orders',
  'default-sort-order-id',
];

export type MetadataValidator = (metadata: unknown) => string[];

/** A validator of one `components/schemas` entry of the OpenAPI document: the problems found, none when valid. */
export function loadOpenApiValidator(schemaName: string): MetadataValidator {
  const document = parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema(document, 'rest-catalog-open-api.yaml');
  const validate = ajv.compile({ $ref: `rest-catalog-open-api.yaml#/components/schemas/${schemaName}` });
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map(describe));
}

export function loadTableMetadataValidator(): MetadataValidator {
  const validate = loadOpenApiValidator('TableMetadata');
  return (metadata) => {
    const problems = validate(metadata);
    const record = metadata as Record<string, unknown>;
    if (record['format-version'] === 2) {
      for (const field of V2_REQUIRED) if (!(field in record)) problems.push(`format v2 requires ${field}`);
    }
    return problems;
  };
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`;
}
