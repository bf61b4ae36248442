/**
 * A commit is data: the metadata changes (TableUpdate) plus the conditions that must still hold
 * on the catalog's current metadata (TableRequirement), as in the REST spec and pyiceberg.
 */
import type { PartitionSpec } from '../spec/partitionSpec.js';
import type { Schema } from '../spec/schema.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { SortOrder } from '../spec/sortOrder.js';

export type TableUpdate =
  | { readonly action: 'assign-uuid'; readonly uuid: string }
  | { readonly action: 'upgrade-format-version'; readonly formatVersion: 1 | 2 | 3 }
  | { readonly action: 'add-schema'; readonly schema: Schema; readonly lastColumnId?: number }
  /** schemaId -1 means "the schema added by this commit". */
  | { readonly action: 'set-current-schema'; readonly schemaId: number }
  | { readonly action: 'add-spec'; readonly spec: PartitionSpec }
  /** specId -1 means "the spec added by this commit". */
  | { readonly action: 'set-default-spec'; readonly specId: number }
  | { readonly action: 'add-sort-order'; readonly sortOrder: SortOrder }
  | { readonly action: 'set-default-sort-order'; readonly sortOrderId: number }
  | { readonly action: 'add-snapshot'; readonly snapshot: Snapshot }
  | {
      readonly action: 'set-snapshot-ref';
      readonly refName: string;
      readonly type: 'branch' | 'tag';
      readonly snapshotId: bigint;
      readonly maxRefAgeMs?: number;
      readonly maxSnapshotAgeMs?: number;
      readonly minSnapshotsToKeep?: number;
    }
  | { readonly action: 'remove-snapshots'; readonly snapshotIds: readonly bigint[] }
  | { readonly action: 'remove-snapshot-ref'; readonly refName: string }
  | { readonly action: 'set-location'; readonly location: string }
  | { readonly action: 'set-properties'; readonly updates: Readonly<Record<string, string>> }
  | { readonly action: 'remove-properties'; readonly removals: readonly string[] }
  /**
   * Statistics and partition-statistics files, kept as their spec JSON (as TableMetadata keeps
   * them); a new file replaces the one of the same snapshot.
   */
  | { readonly action: 'set-statistics'; readonly snapshotId: bigint; readonly statistics: unknown }
  | { readonly action: 'remove-statistics'; readonly snapshotId: bigint }
  | { readonly action: 'set-partition-statistics'; readonly snapshotId: bigint; readonly partitionStatistics: unknown }
  | { readonly action: 'remove-partition-statistics'; readonly snapshotId: bigint };

export type TableRequirement =
  | { readonly type: 'assert-create' }
  | { readonly type: 'assert-table-uuid'; readonly uuid: string }
  /** snapshotId null: the ref must not exist. */
  | { readonly type: 'assert-ref-snapshot-id'; readonly ref: string; readonly snapshotId: bigint | null }
  | { readonly type: 'assert-last-assigned-field-id'; readonly lastAssignedFieldId: number }
  | { readonly type: 'assert-current-schema-id'; readonly currentSchemaId: number }
  | { readonly type: 'assert-last-assigned-partition-id'; readonly lastAssignedPartitionId: number }
  | { readonly type: 'assert-default-spec-id'; readonly defaultSpecId: number }
  | { readonly type: 'assert-default-sort-order-id'; readonly defaultSortOrderId: number };
