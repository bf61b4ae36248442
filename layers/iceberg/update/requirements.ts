/** Checks TableRequirements against the catalog's current metadata (undefined: table absent). */
import { CommitFailedError } from '../errors.js';
import type { TableMetadata } from '../spec/tableMetadata.js';
import type { TableRequirement } from './updates.js';

function fail(table: string, requirement: TableRequirement, actual: unknown): never {
  throw new CommitFailedError(
    `commit to ${table} failed: requirement ${requirement.type} does not hold (current: ${String(actual)})`,
  );
}

export function validateRequirement(
  table: string,
  requirement: TableRequirement,
  base: TableMetadata | undefined,
): void {
  if (requirement.type === 'assert-create') {
    if (base !== undefined) fail(table, requirement, 'table exists');
    return;
  }
  if (base === undefined) fail(table, requirement, 'table does not exist');
  switch (requirement.type) {
    case 'assert-table-uuid':
      if (base.tableUuid !== requirement.uuid) fail(table, requirement, base.tableUuid);
      return;
    case 'assert-ref-snapshot-id': {
      const ref = base.refs[requirement.ref];
      if (requirement.snapshotId === null) {
        if (ref !== undefined) fail(table, requirement, `${requirement.ref} at ${ref.snapshotId}`);
      } else if (ref?.snapshotId !== requirement.snapshotId)
        fail(table, requirement, `${requirement.ref} at ${ref?.snapshotId ?? 'none'}`);
      return;
    }
    case 'assert-last-assigned-field-id':
      if (base.lastColumnId !== requirement.lastAssignedFieldId) fail(table, requirement, base.lastColumnId);
      return;
    case 'assert-current-schema-id':
      if (base.currentSchemaId !== requirement.currentSchemaId) fail(table, requirement, base.currentSchemaId);
      return;
    case 'assert-last-assigned-partition-id':
      if (base.lastPartitionId !== requirement.lastAssignedPartitionId) fail(table, requirement, base.lastPartitionId);
      return;
    case 'assert-default-spec-id':
      if (base.defaultSpecId !== requirement.defaultSpecId) fail(table, requirement, base.defaultSpecId);
      return;
    case 'assert-default-sort-order-id':
      if (base.defaultSortOrderId !== requirement.defaultSortOrderId) fail(table, requirement, base.defaultSortOrderId);
      return;
  }
}

export function validateRequirements(
  table: string,
  requirements: readonly TableRequirement[],
  base: TableMetadata | undefined,
): void {
  for (const requirement of requirements) validateRequirement(table, requirement, base);
}
