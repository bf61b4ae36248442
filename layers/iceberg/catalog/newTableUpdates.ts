/** The updates that create a table: fresh field ids, then schema, spec, sort order, location, properties. */
import { randomUUID } from 'node:crypto';
import { buildPartitionSpec, PARTITION_DATA_ID_START, PartitionSpec } from '../spec/partitionSpec.js';
import { assignFreshIds } from '../spec/schemaBuilder.js';
import { SortOrder } from '../spec/sortOrder.js';
import type { TableUpdate } from '../update/updates.js';
import type { CreateTableOptions } from './Catalog.js';

export function newTableUpdates(options: CreateTableOptions, location: string): TableUpdate[] {
  const { schema, idMap } = assignFreshIds(options.schema);
  const remap = (id: number) => idMap.get(id) ?? id;
  const input = options.partitionSpec ?? [];
  const spec =
    input instanceof PartitionSpec
      ? new PartitionSpec(
          0,
          input.fields.map((f, i) => ({ ...f, sourceId: remap(f.sourceId), fieldId: PARTITION_DATA_ID_START + i })),
        )
      : buildPartitionSpec(schema, input);
  const order = options.sortOrder
    ? new SortOrder(
        1,
        options.sortOrder.fields.map((f) => ({ ...f, sourceId: remap(f.sourceId) })),
      )
    : SortOrder.unsorted();
  return [
    { action: 'assign-uuid', uuid: randomUUID() },
    { action: 'upgrade-format-version', formatVersion: 2 },
    { action: 'add-schema', schema, lastColumnId: schema.highestFieldId() },
    { action: 'set-current-schema', schemaId: -1 },
    { action: 'add-spec', spec },
    { action: 'set-default-spec', specId: -1 },
    { action: 'add-sort-order', sortOrder: order },
    { action: 'set-default-sort-order', sortOrderId: -1 },
    { action: 'set-location', location },
    { action: 'set-properties', updates: { ...(options.properties ?? {}) } },
  ];
}
