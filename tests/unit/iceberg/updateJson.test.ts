/** TableUpdate / TableRequirement from REST JSON: every kind, exact 64-bit ids, and named errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyUpdates,
  parseJson,
  tableRequirementsFromJson,
  tableUpdatesFromJson,
  ValidationError,
} from '../../../layers/iceberg/index.js';

const SCHEMA = { type: 'struct', 'schema-id': 1, fields: [{ id: 1, name: 'id', type: 'long', required: true }] };

describe('tableUpdatesFromJson', () => {
  it('reads every supported action with its fields', () => {
    const updates = tableUpdatesFromJson(
      parseJson(`[
        {"action":"assign-uuid","uuid":"u-1"},
        {"action":"upgrade-format-version","format-version":2},
        {"action":"add-schema","schema":${JSON.stringify(SCHEMA)},"last-column-id":1},
        {"action":"set-current-schema","schema-id":-1},
        {"action":"add-spec","spec":{"spec-id":0,"fields":[{"source-id":1,"field-id":1000,"name":"b","transform":"bucket[4]"}]}},
        {"action":"set-default-spec","spec-id":-1},
        {"action":"add-sort-order","sort-order":{"order-id":1,"fields":[{"source-id":1,"transform":"identity","direction":"asc","null-order":"nulls-first"}]}},
        {"action":"set-default-sort-order","sort-order-id":-1},
        {"action":"add-snapshot","snapshot":{"snapshot-id":9007199254740993,"sequence-number":1,"timestamp-ms":5,"manifest-list":"/m.avro","summary":{"operation":"append"}}},
        {"action":"set-snapshot-ref","ref-name":"dev","type":"tag","snapshot-id":9007199254740993,"max-ref-age-ms":60000},
        {"action":"remove-snapshots","snapshot-ids":[9007199254740993, 7]},
        {"action":"remove-snapshot-ref","ref-name":"dev"},
        {"action":"set-location","location":"/w/t"},
        {"action":"set-properties","updates":{"a":"1"}},
        {"action":"remove-properties","removals":["b"]}
      ]`),
    );
    assert.deepEqual(
      updates.map((u) => u.action),
      [
        'assign-uuid',
        'upgrade-format-version',
        'add-schema',
        'set-current-schema',
        'add-spec',
        'set-default-spec',
        'add-sort-order',
        'set-default-sort-order',
        'add-snapshot',
        'set-snapshot-ref',
        'remove-snapshots',
        'remove-snapshot-ref',
        'set-location',
        'set-properties',
        'remove-properties',
      ],
    );
    const [, version, schema, current, spec, , order, , snapshot, ref, removed, , location, set, unset] = updates;
    assert.deepEqual(version, { action: 'upgrade-format-version', formatVersion: 2 });
    assert.ok(schema?.action === 'add-schema' && schema.schema.fields[0]?.name === 'id' && schema.lastColumnId === 1);
    assert.deepEqual(current, { action: 'set-current-schema', schemaId: -1 });
    assert.ok(spec?.action === 'add-spec' && spec.spec.fields[0]?.name === 'b');
    assert.ok(order?.action === 'add-sort-order' && order.sortOrder.orderId === 1);
    assert.ok(snapshot?.action === 'add-snapshot' && snapshot.snapshot.snapshotId === 9007199254740993n);
    assert.deepEqual(ref, {
      action: 'set-snapshot-ref',
      refName: 'dev',
      type: 'tag',
      snapshotId: 9007199254740993n,
      maxRefAgeMs: 60000,
    });
    assert.deepEqual(removed, { action: 'remove-snapshots', snapshotIds: [9007199254740993n, 7n] });
    assert.deepEqual(location, { action: 'set-location', location: '/w/t' });
    assert.deepEqual(set, { action: 'set-properties', updates: { a: '1' } });
    assert.deepEqual(unset, { action: 'remove-properties', removals: ['b'] });
  });

  it('names the entry and the problem of a bad update', () => {
    const bad: [unknown, RegExp][] = [
      [{}, /updates must be a list/],
      [[{ action: 'add-view-version' }], /updates\[0\]: unsupported update action add-view-version/],
      [[{ action: 'set-statistics' }], /updates\[0\] statistics: expected a JSON object/],
      [[{ action: 'set-location', location: '/a' }, 'x'], /updates\[1\]: expected a JSON object/],
      [[{ action: 'set-current-schema', 'schema-id': 'one' }], /updates\[0\].*schema-id/],
      [[{ action: 'set-properties', updates: { a: 1 } }], /updates\[0\].*value of a must be a string/],
      [[{ action: 'set-snapshot-ref', 'ref-name': 'x', type: 'leaf', 'snapshot-id': 1 }], /type must be branch or tag/],
      [[{ action: 'upgrade-format-version', 'format-version': 4 }], /unsupported format-version 4/],
    ];
    for (const [value, message] of bad)
      assert.throws(
        () => tableUpdatesFromJson(value),
        (e: unknown) => e instanceof ValidationError && message.test((e as Error).message),
      );
  });
});

describe('statistics updates', () => {
  it('set a file per snapshot (replacing the one there) and remove it, kept as spec JSON', () => {
    const file = (id: string, path: string) =>
      `{"snapshot-id":${id},"statistics-path":"${path}","file-size-in-bytes":10,"file-footer-size-in-bytes":4,"blob-metadata":[]}`;
    const base = applyUpdates(undefined, [
      ...tableUpdatesFromJson(
        parseJson(`[
          {"action":"assign-uuid","uuid":"u"},
          {"action":"add-schema","schema":${JSON.stringify(SCHEMA)}},
          {"action":"set-current-schema","schema-id":-1},
          {"action":"add-spec","spec":{"spec-id":0,"fields":[]}},
          {"action":"set-default-spec","spec-id":-1},
          {"action":"add-sort-order","sort-order":{"order-id":0,"fields":[]}},
          {"action":"set-default-sort-order","sort-order-id":-1},
          {"action":"set-location","location":"/w/t"},
          {"action":"set-statistics","statistics":${file('9007199254740993', '/a.stats')}},
          {"action":"set-statistics","statistics":${file('7', '/b.stats')}},
          {"action":"set-statistics","statistics":${file('9007199254740993', '/c.stats')}},
          {"action":"set-partition-statistics","partition-statistics":{"snapshot-id":7,"statistics-path":"/p","file-size-in-bytes":1}}
        ]`),
      ),
    ]);
    const paths = (entries: readonly unknown[]) =>
      entries.map((e) => (e as Record<string, unknown>)['statistics-path']);
    assert.deepEqual(paths(base.statistics), ['/b.stats', '/c.stats']);
    assert.deepEqual(paths(base.partitionStatistics), ['/p']);
    const removed = applyUpdates(
      base,
      tableUpdatesFromJson(
        parseJson(
          '[{"action":"remove-statistics","snapshot-id":9007199254740993},{"action":"remove-partition-statistics","snapshot-id":7}]',
        ),
      ),
    );
    assert.deepEqual(paths(removed.statistics), ['/b.stats']);
    assert.deepEqual(removed.partitionStatistics, []);
  });
});

describe('tableRequirementsFromJson', () => {
  it('reads every requirement type; a null snapshot-id means the ref must not exist', () => {
    const requirements = tableRequirementsFromJson(
      parseJson(`[
        {"type":"assert-create"},
        {"type":"assert-table-uuid","uuid":"u"},
        {"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":9007199254740993},
        {"type":"assert-ref-snapshot-id","ref":"dev","snapshot-id":null},
        {"type":"assert-last-assigned-field-id","last-assigned-field-id":3},
        {"type":"assert-current-schema-id","current-schema-id":1},
        {"type":"assert-last-assigned-partition-id","last-assigned-partition-id":1000},
        {"type":"assert-default-spec-id","default-spec-id":0},
        {"type":"assert-default-sort-order-id","default-sort-order-id":0}
      ]`),
    );
    assert.deepEqual(requirements, [
      { type: 'assert-create' },
      { type: 'assert-table-uuid', uuid: 'u' },
      { type: 'assert-ref-snapshot-id', ref: 'main', snapshotId: 9007199254740993n },
      { type: 'assert-ref-snapshot-id', ref: 'dev', snapshotId: null },
      { type: 'assert-last-assigned-field-id', lastAssignedFieldId: 3 },
      { type: 'assert-current-schema-id', currentSchemaId: 1 },
      { type: 'assert-last-assigned-partition-id', lastAssignedPartitionId: 1000 },
      { type: 'assert-default-spec-id', defaultSpecId: 0 },
      { type: 'assert-default-sort-order-id', defaultSortOrderId: 0 },
    ]);
  });

  it('treats absent requirements as none and names a bad one', () => {
    assert.deepEqual(tableRequirementsFromJson(undefined), []);
    assert.throws(
      () => tableRequirementsFromJson([{ type: 'assert-view-uuid' }]),
      /requirements\[0\]: unsupported requirement type/,
    );
    assert.throws(
      () => tableRequirementsFromJson([{ type: 'assert-table-uuid' }]),
      /requirements\[0\]: uuid must be a string/,
    );
    assert.throws(() => tableRequirementsFromJson('x'), /requirements must be a list/);
  });
});
