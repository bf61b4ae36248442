/**
 * Applies TableUpdates to metadata (or to nothing, for a create), as a catalog does on commit.
 * Added schemas, specs and sort orders reuse an existing id when an identical one exists.
 */
import { CommitFailedError, ValidationError } from '../errors.js';
import { PARTITION_DATA_ID_START, PartitionSpec } from '../spec/partitionSpec.js';
import { MAIN_BRANCH, type SnapshotLogEntry, type SnapshotRef } from '../spec/snapshot.js';
import { SortOrder } from '../spec/sortOrder.js';
import type { TableMetadata } from '../spec/tableMetadata.js';
import type { TableUpdate } from './updates.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Statistics entries (spec JSON) except the one for `snapshotId`. */
function withoutSnapshot(entries: readonly unknown[], snapshotId: bigint): unknown[] {
  return entries.filter((entry) => {
    const id = (entry as { 'snapshot-id'?: unknown } | null)?.['snapshot-id'];
    return id == null || BigInt(id as bigint | number) !== snapshotId;
  });
}

function emptyMetadata(nowMs: number): Mutable<TableMetadata> {
  return {
    formatVersion: 2,
    tableUuid: '',
    location: '',
    lastSequenceNumber: 0,
    lastUpdatedMs: nowMs,
    lastColumnId: 0,
    schemas: [],
    currentSchemaId: -1,
    partitionSpecs: [],
    defaultSpecId: -1,
    lastPartitionId: PARTITION_DATA_ID_START - 1,
    sortOrders: [],
    defaultSortOrderId: -1,
    properties: {},
    snapshots: [],
    snapshotLog: [],
    metadataLog: [],
    refs: {},
    statistics: [],
    partitionStatistics: [],
  };
}

export function applyUpdates(
  base: TableMetadata | undefined,
  updates: readonly TableUpdate[],
  nowMs = Date.now(),
): TableMetadata {
  const md: Mutable<TableMetadata> = base ? { ...base } : emptyMetadata(nowMs);
  let lastAddedSchemaId: number | undefined;
  let lastAddedSpecId: number | undefined;
  let lastAddedOrderId: number | undefined;
  const addedSnapshots = new Set<bigint>();
  const snapshotLog: SnapshotLogEntry[] = [...md.snapshotLog];

  for (const update of updates) {
    switch (update.action) {
      case 'assign-uuid':
        if (base && base.tableUuid !== update.uuid)
          throw new ValidationError('cannot reassign the uuid of an existing table');
        md.tableUuid = update.uuid;
        break;
      case 'upgrade-format-version':
        if (update.formatVersion < md.formatVersion)
          throw new ValidationError(`cannot downgrade format-version ${md.formatVersion} to ${update.formatVersion}`);
        md.formatVersion = update.formatVersion;
        break;
      case 'add-schema': {
        const existing = md.schemas.find((s) => s.sameStructure(update.schema));
        const id = existing?.schemaId ?? md.schemas.reduce((m, s) => Math.max(m, s.schemaId), -1) + 1;
        if (!existing) md.schemas = [...md.schemas, update.schema.withSchemaId(id)];
        md.lastColumnId = Math.max(md.lastColumnId, update.lastColumnId ?? update.schema.highestFieldId());
        lastAddedSchemaId = id;
        break;
      }
      case 'set-current-schema': {
        const id = update.schemaId === -1 ? lastAddedSchemaId : update.schemaId;
        if (id === undefined || !md.schemas.some((s) => s.schemaId === id))
          throw new ValidationError(`set-current-schema: no schema ${update.schemaId}`);
        md.currentSchemaId = id;
        break;
      }
      case 'add-spec': {
        const existing = md.partitionSpecs.find((s) => s.compatibleWith(update.spec));
        const id = existing?.specId ?? md.partitionSpecs.reduce((m, s) => Math.max(m, s.specId), -1) + 1;
        if (!existing) md.partitionSpecs = [...md.partitionSpecs, new PartitionSpec(id, update.spec.fields)];
        md.lastPartitionId = Math.max(md.lastPartitionId, update.spec.lastAssignedFieldId());
        lastAddedSpecId = id;
        break;
      }
      case 'set-default-spec': {
        const id = update.specId === -1 ? lastAddedSpecId : update.specId;
        if (id === undefined || !md.partitionSpecs.some((s) => s.specId === id))
          throw new ValidationError(`set-default-spec: no spec ${update.specId}`);
        md.defaultSpecId = id;
        break;
      }
      case 'add-sort-order': {
        const existing = md.sortOrders.find((o) => o.sameFields(update.sortOrder));
        const id = update.sortOrder.isUnsorted()
          ? 0
          : (existing?.orderId ?? md.sortOrders.reduce((m, o) => Math.max(m, o.orderId), 0) + 1);
        if (!md.sortOrders.some((o) => o.orderId === id))
          md.sortOrders = [...md.sortOrders, new SortOrder(id, update.sortOrder.fields)];
        lastAddedOrderId = id;
        break;
      }
      case 'set-default-sort-order': {
        const id = update.sortOrderId === -1 ? lastAddedOrderId : update.sortOrderId;
        if (id === undefined || !md.sortOrders.some((o) => o.orderId === id))
          throw new ValidationError(`set-default-sort-order: no sort order ${update.sortOrderId}`);
        md.defaultSortOrderId = id;
        break;
      }
      case 'add-snapshot': {
        const snapshot = update.snapshot;
        if (md.snapshots.some((s) => s.snapshotId === snapshot.snapshotId))
          throw new ValidationError(`snapshot ${snapshot.snapshotId} already exists`);
        // Built on stale metadata (another branch moved on): the writer must refresh and rebuild.
        if (md.formatVersion >= 2 && snapshot.sequenceNumber <= md.lastSequenceNumber)
          throw new CommitFailedError(
            `snapshot ${snapshot.snapshotId} has sequence number ${snapshot.sequenceNumber}, not above ${md.lastSequenceNumber}`,
          );
        md.snapshots = [...md.snapshots, snapshot];
        md.lastSequenceNumber = Math.max(md.lastSequenceNumber, snapshot.sequenceNumber);
        md.lastUpdatedMs = snapshot.timestampMs;
        addedSnapshots.add(snapshot.snapshotId);
        break;
      }
      case 'set-snapshot-ref': {
        const snapshot = md.snapshots.find((s) => s.snapshotId === update.snapshotId);
        if (!snapshot)
          throw new ValidationError(`set-snapshot-ref ${update.refName}: no snapshot ${update.snapshotId}`);
        const ref: SnapshotRef = {
          snapshotId: update.snapshotId,
          type: update.type,
          ...(update.maxRefAgeMs !== undefined ? { maxRefAgeMs: update.maxRefAgeMs } : {}),
          ...(update.maxSnapshotAgeMs !== undefined ? { maxSnapshotAgeMs: update.maxSnapshotAgeMs } : {}),
          ...(update.minSnapshotsToKeep !== undefined ? { minSnapshotsToKeep: update.minSnapshotsToKeep } : {}),
        };
        md.refs = { ...md.refs, [update.refName]: ref };
        if (update.refName === MAIN_BRANCH && md.currentSnapshotId !== update.snapshotId) {
          md.currentSnapshotId = update.snapshotId;
          const at = addedSnapshots.has(update.snapshotId) ? snapshot.timestampMs : nowMs;
          snapshotLog.push({ timestampMs: at, snapshotId: update.snapshotId });
        }
        break;
      }
      case 'remove-snapshots': {
        const removed = new Set(update.snapshotIds);
        md.snapshots = md.snapshots.filter((s) => !removed.has(s.snapshotId));
        md.refs = Object.fromEntries(Object.entries(md.refs).filter(([, ref]) => !removed.has(ref.snapshotId)));
        if (md.currentSnapshotId !== undefined && removed.has(md.currentSnapshotId)) delete md.currentSnapshotId;
        const kept = snapshotLog.filter((e) => !removed.has(e.snapshotId));
        snapshotLog.length = 0;
        snapshotLog.push(...kept);
        break;
      }
      case 'remove-snapshot-ref': {
        md.refs = Object.fromEntries(Object.entries(md.refs).filter(([name]) => name !== update.refName));
        if (update.refName === MAIN_BRANCH) delete md.currentSnapshotId;
        break;
      }
      case 'set-location':
        md.location = update.location.replace(/\/+$/, '');
        break;
      case 'set-properties':
        md.properties = { ...md.properties, ...update.updates };
        break;
      case 'remove-properties': {
        const properties = { ...md.properties };
        for (const key of update.removals) delete properties[key];
        md.properties = properties;
        break;
      }
      case 'set-statistics':
        md.statistics = [...withoutSnapshot(md.statistics, update.snapshotId), update.statistics];
        break;
      case 'remove-statistics':
        md.statistics = withoutSnapshot(md.statistics, update.snapshotId);
        break;
      case 'set-partition-statistics':
        md.partitionStatistics = [
          ...withoutSnapshot(md.partitionStatistics, update.snapshotId),
          update.partitionStatistics,
        ];
        break;
      case 'remove-partition-statistics':
        md.partitionStatistics = withoutSnapshot(md.partitionStatistics, update.snapshotId);
        break;
    }
  }
  md.snapshotLog = snapshotLog;
  md.lastUpdatedMs = Math.max(nowMs, md.lastUpdatedMs);
  if (md.schemas.length === 0 || md.currentSchemaId < 0)
    throw new ValidationError('table metadata needs a current schema');
  if (md.partitionSpecs.length === 0 || md.defaultSpecId < 0)
    throw new ValidationError('table metadata needs a default partition spec');
  if (md.sortOrders.length === 0 || md.defaultSortOrderId < 0)
    throw new ValidationError('table metadata needs a default sort order');
  if (md.tableUuid === '' || md.location === '')
    throw new ValidationError('table metadata needs a uuid and a location');
  return md;
}
