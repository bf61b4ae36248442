/**
 * TableUpdate and TableRequirement from their REST-spec JSON (kebab-case keys, `action` / `type`
 * discriminators), as a REST catalog receives them in a CommitTableRequest. Anything unknown or
 * malformed is a ValidationError naming the entry, which a server answers with 400.
 */
import { ValidationError } from '../errors.js';
import { toBigInt, toNumber } from '../json/bigintJson.js';
import { PartitionSpec } from '../spec/partitionSpec.js';
import { Schema } from '../spec/schema.js';
import { snapshotFromJson } from '../spec/snapshot.js';
import { SortOrder } from '../spec/sortOrder.js';
import type { TableRequirement, TableUpdate } from './updates.js';

type Json = Record<string, unknown>;

function objectOf(value: unknown, what: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ValidationError(`${what}: expected a JSON object`);
  return value as Json;
}

/** Reads a field, turning the JSON helpers' TypeErrors into ValidationErrors that name the entry. */
function field<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(`${what}: ${(error as Error).message}`, { cause: error });
  }
}

function text(obj: Json, key: string, what: string): string {
  const value = obj[key];
  if (typeof value !== 'string') throw new ValidationError(`${what}: ${key} must be a string`);
  return value;
}

function stringRecord(value: unknown, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(objectOf(value, what))) {
    if (typeof entry !== 'string') throw new ValidationError(`${what}: value of ${key} must be a string`);
    out[key] = entry;
  }
  return out;
}

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new ValidationError(`${what}: expected a list of strings`);
  return value as string[];
}

/** An optional integer field under its camelCase name, absent when the JSON has none. */
function optionalNumber(obj: Json, key: string, name: string, what: string): Record<string, number> {
  return obj[key] == null ? {} : { [name]: toNumber(obj[key], `${what} ${key}`) };
}

function updateFrom(obj: Json, what: string): TableUpdate {
  const n = (key: string) => toNumber(obj[key], `${what} ${key}`);
  switch (obj.action) {
    case 'assign-uuid':
      return { action: 'assign-uuid', uuid: text(obj, 'uuid', what) };
    case 'upgrade-format-version': {
      const formatVersion = n('format-version');
      if (formatVersion !== 1 && formatVersion !== 2 && formatVersion !== 3)
        throw new ValidationError(`${what}: unsupported format-version ${formatVersion}`);
      return { action: 'upgrade-format-version', formatVersion };
    }
    case 'add-schema':
      return {
        action: 'add-schema',
        schema: Schema.fromJson(objectOf(obj.schema, `${what} schema`)),
        ...(obj['last-column-id'] == null ? {} : { lastColumnId: n('last-column-id') }),
      };
    case 'set-current-schema':
      return { action: 'set-current-schema', schemaId: n('schema-id') };
    case 'add-spec':
      return { action: 'add-spec', spec: PartitionSpec.fromJson(objectOf(obj.spec, `${what} spec`)) };
    case 'set-default-spec':
      return { action: 'set-default-spec', specId: n('spec-id') };
    case 'add-sort-order':
      return { action: 'add-sort-order', sortOrder: SortOrder.fromJson(objectOf(obj['sort-order'], what)) };
    case 'set-default-sort-order':
      return { action: 'set-default-sort-order', sortOrderId: n('sort-order-id') };
    case 'add-snapshot':
      return { action: 'add-snapshot', snapshot: snapshotFromJson(objectOf(obj.snapshot, `${what} snapshot`)) };
    case 'set-snapshot-ref': {
      if (obj.type !== 'branch' && obj.type !== 'tag')
        throw new ValidationError(`${what}: type must be branch or tag, got ${String(obj.type)}`);
      return {
        action: 'set-snapshot-ref',
        refName: text(obj, 'ref-name', what),
        type: obj.type,
        snapshotId: toBigInt(obj['snapshot-id'], `${what} snapshot-id`),
        ...optionalNumber(obj, 'max-ref-age-ms', 'maxRefAgeMs', what),
        ...optionalNumber(obj, 'max-snapshot-age-ms', 'maxSnapshotAgeMs', what),
        ...optionalNumber(obj, 'min-snapshots-to-keep', 'minSnapshotsToKeep', what),
      };
    }
    case 'remove-snapshots': {
      const ids = obj['snapshot-ids'];
      if (!Array.isArray(ids)) throw new ValidationError(`${what}: snapshot-ids must be a list`);
      return { action: 'remove-snapshots', snapshotIds: ids.map((id) => toBigInt(id, `${what} snapshot-ids`)) };
    }
    case 'remove-snapshot-ref':
      return { action: 'remove-snapshot-ref', refName: text(obj, 'ref-name', what) };
    case 'set-location':
      return { action: 'set-location', location: text(obj, 'location', what) };
    case 'set-properties':
      return { action: 'set-properties', updates: stringRecord(obj.updates, `${what} updates`) };
    case 'remove-properties':
      return { action: 'remove-properties', removals: stringList(obj.removals, `${what} removals`) };
    case 'set-statistics': {
      const statistics = objectOf(obj.statistics, `${what} statistics`);
      return {
        action: 'set-statistics',
        snapshotId: toBigInt(statistics['snapshot-id'], `${what} statistics.snapshot-id`),
        statistics,
      };
    }
    case 'remove-statistics':
      return { action: 'remove-statistics', snapshotId: toBigInt(obj['snapshot-id'], `${what} snapshot-id`) };
    case 'set-partition-statistics': {
      const partitionStatistics = objectOf(obj['partition-statistics'], `${what} partition-statistics`);
      return {
        action: 'set-partition-statistics',
        snapshotId: toBigInt(partitionStatistics['snapshot-id'], `${what} partition-statistics.snapshot-id`),
        partitionStatistics,
      };
    }
    case 'remove-partition-statistics':
      return {
        action: 'remove-partition-statistics',
        snapshotId: toBigInt(obj['snapshot-id'], `${what} snapshot-id`),
      };
    default:
      throw new ValidationError(`${what}: unsupported update action ${String(obj.action)}`);
  }
}

function requirementFrom(obj: Json, what: string): TableRequirement {
  const n = (key: string) => toNumber(obj[key], `${what} ${key}`);
  switch (obj.type) {
    case 'assert-create':
      return { type: 'assert-create' };
    case 'assert-table-uuid':
      return { type: 'assert-table-uuid', uuid: text(obj, 'uuid', what) };
    case 'assert-ref-snapshot-id':
      return {
        type: 'assert-ref-snapshot-id',
        ref: text(obj, 'ref', what),
        snapshotId: obj['snapshot-id'] == null ? null : toBigInt(obj['snapshot-id'], `${what} snapshot-id`),
      };
    case 'assert-last-assigned-field-id':
      return { type: 'assert-last-assigned-field-id', lastAssignedFieldId: n('last-assigned-field-id') };
    case 'assert-current-schema-id':
      return { type: 'assert-current-schema-id', currentSchemaId: n('current-schema-id') };
    case 'assert-last-assigned-partition-id':
      return { type: 'assert-last-assigned-partition-id', lastAssignedPartitionId: n('last-assigned-partition-id') };
    case 'assert-default-spec-id':
      return { type: 'assert-default-spec-id', defaultSpecId: n('default-spec-id') };
    case 'assert-default-sort-order-id':
      return { type: 'assert-default-sort-order-id', defaultSortOrderId: n('default-sort-order-id') };
    default:
      throw new ValidationError(`${what}: unsupported requirement type ${String(obj.type)}`);
  }
}

export function tableUpdatesFromJson(value: unknown): TableUpdate[] {
  if (!Array.isArray(value)) throw new ValidationError('updates must be a list');
  return value.map((entry, i) => {
    const what = `updates[${i}]`;
    return field(what, () => updateFrom(objectOf(entry, what), what));
  });
}

export function tableRequirementsFromJson(value: unknown): TableRequirement[] {
  if (value == null) return [];
  if (!Array.isArray(value)) throw new ValidationError('requirements must be a list');
  return value.map((entry, i) => {
    const what = `requirements[${i}]`;
    return field(what, () => requirementFrom(objectOf(entry, what), what));
  });
}
