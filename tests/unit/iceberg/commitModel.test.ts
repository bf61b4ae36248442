// The commit model: updates applied to metadata, requirements checked, ids reused, errors classified.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyUpdates,
  CommitFailedError,
  newSchema,
  PartitionSpec,
  parseTableMetadata,
  Schema,
  type Snapshot,
  SortOrder,
  serializeTableMetadata,
  type TableUpdate,
  validateRequirements,
} from '../../../layers/iceberg/index.js';

const schema = newSchema([
  { name: 'id', type: 'long', required: true },
  { name: 'tags', type: { type: 'list', element: 'string' } },
  {
    name: 'attrs',
    type: { type: 'map', key: 'string', value: { type: 'struct', fields: [{ name: 'v', type: 'int' }] } },
  },
]);

const create: TableUpdate[] = [
  { action: 'assign-uuid', uuid: '9c12d441-03fe-4693-9a96-a0705ddf69c1' },
  { action: 'upgrade-format-version', formatVersion: 2 },
  { action: 'add-schema', schema },
  { action: 'set-current-schema', schemaId: -1 },
  { action: 'add-spec', spec: PartitionSpec.unpartitioned() },
  { action: 'set-default-spec', specId: -1 },
  { action: 'add-sort-order', sortOrder: SortOrder.unsorted() },
  { action: 'set-default-sort-order', sortOrderId: -1 },
  { action: 'set-location', location: '/warehouse/db/t/' },
];

function snapshot(id: bigint, sequenceNumber: number, parent?: bigint): Snapshot {
  return {
    snapshotId: id,
    ...(parent !== undefined ? { parentSnapshotId: parent } : {}),
    sequenceNumber,
    timestampMs: 1_700_000_000_000 + sequenceNumber,
    manifestList: `/warehouse/db/t/metadata/snap-${id}.avro`,
    summary: { operation: 'append' },
  };
}

describe('applying updates', () => {
  it('assigns nested field ids like Java and builds valid metadata', () => {
    assert.deepEqual(
      schema.allFieldIds().sort((a, b) => a - b),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(schema.findField('tags.element')?.id, 4);
    assert.equal(schema.findField('attrs.key')?.id, 5);
    assert.equal(schema.findField('attrs.value.v')?.id, 7);
    const md = applyUpdates(undefined, create, 1_700_000_000_000);
    assert.equal(md.location, '/warehouse/db/t');
    assert.equal(md.lastColumnId, 7);
    assert.equal(serializeTableMetadata(parseTableMetadata(serializeTableMetadata(md))), serializeTableMetadata(md));
  });

  it('adds snapshots, moves main, logs them, and rejects stale sequence numbers as retriable', () => {
    let md = applyUpdates(undefined, create);
    md = applyUpdates(md, [
      { action: 'add-snapshot', snapshot: snapshot(9_000_000_000_000_000_001n, 1) },
      { action: 'set-snapshot-ref', refName: 'main', type: 'branch', snapshotId: 9_000_000_000_000_000_001n },
    ]);
    assert.equal(md.currentSnapshotId, 9_000_000_000_000_000_001n);
    assert.equal(md.snapshotLog.length, 1);
    assert.throws(
      () => applyUpdates(md, [{ action: 'add-snapshot', snapshot: snapshot(2n, 1, 9_000_000_000_000_000_001n) }]),
      (e: unknown) => e instanceof CommitFailedError && e.retriable,
    );
    const reused = applyUpdates(md, [{ action: 'add-schema', schema: new Schema(schema.fields, 5) }]);
    assert.equal(reused.schemas.length, 1, 'identical schema reuses its id');
  });

  it('checks requirements against the current metadata', () => {
    const md = applyUpdates(undefined, create);
    validateRequirements('db.t', [{ type: 'assert-ref-snapshot-id', ref: 'main', snapshotId: null }], md);
    assert.throws(() => validateRequirements('db.t', [{ type: 'assert-create' }], md), CommitFailedError);
    assert.throws(
      () => validateRequirements('db.t', [{ type: 'assert-current-schema-id', currentSchemaId: 3 }], md),
      /assert-current-schema-id/,
    );
    assert.throws(
      () => validateRequirements('db.t', [{ type: 'assert-table-uuid', uuid: 'other' }], md),
      CommitFailedError,
    );
  });
});
