/** Partition spec evolution: add and remove partition fields; the result becomes the default spec. */
import { ValidationError } from '../errors.js';
import { defaultPartitionName, type PartitionField, PartitionSpec } from '../spec/partitionSpec.js';
import { currentSchema, defaultSpec, type TableMetadata } from '../spec/tableMetadata.js';
import { type Transform, transformToString } from '../spec/transforms.js';
import { commitWithRetry } from './commitRetry.js';
import type { Table } from './Table.js';

type Change =
  | { readonly kind: 'add'; readonly source: string; readonly transform: Transform; readonly name?: string }
  | { readonly kind: 'remove'; readonly name: string };

export class UpdateSpec {
  private readonly changes: Change[] = [];

  constructor(private readonly table: Table) {}

  addField(source: string, transform: Transform, name?: string): this {
    this.changes.push({ kind: 'add', source, transform, ...(name !== undefined ? { name } : {}) });
    return this;
  }

  removeField(name: string): this {
    this.changes.push({ kind: 'remove', name });
    return this;
  }

  /** The new spec against `base`. Re-added fields reuse their old partition field id, as Java does. */
  apply(base: TableMetadata): PartitionSpec {
    const schema = currentSchema(base);
    let fields: PartitionField[] = [...defaultSpec(base).fields];
    let lastPartitionId = base.lastPartitionId;
    for (const change of this.changes) {
      if (change.kind === 'remove') {
        if (!fields.some((f) => f.name === change.name))
          throw new ValidationError(`table ${this.table.name} has no partition field ${change.name}`);
        fields = fields.filter((f) => f.name !== change.name);
        continue;
      }
      const source = schema.field(change.source);
      const name =
        change.name ?? defaultPartitionName(schema.findColumnName(source.id) ?? source.name, change.transform);
      const same = (f: PartitionField) =>
        f.sourceId === source.id && transformToString(f.transform) === transformToString(change.transform);
      if (fields.some(same)) throw new ValidationError(`table ${this.table.name} is already partitioned by ${name}`);
      if (fields.some((f) => f.name === name))
        throw new ValidationError(`partition field name ${name} is already used`);
      const previous = base.partitionSpecs.flatMap((s) => s.fields).find(same);
      const fieldId = previous?.fieldId ?? ++lastPartitionId;
      fields.push({ sourceId: source.id, fieldId, name, transform: change.transform });
    }
    return new PartitionSpec(0, fields);
  }

  async commit(): Promise<PartitionSpec> {
    const md = await commitWithRetry(this.table, async (base) => ({
      requirements: [
        { type: 'assert-default-spec-id', defaultSpecId: base.defaultSpecId },
        { type: 'assert-last-assigned-partition-id', lastAssignedPartitionId: base.lastPartitionId },
      ],
      updates: [
        { action: 'add-spec', spec: this.apply(base) },
        { action: 'set-default-spec', specId: -1 },
      ],
    }));
    return defaultSpec(md);
  }
}
