/** Partition specs: fields (source column, transform, partition field id, name) and their JSON form. */
import { ValidationError } from '../errors.js';
import { toNumber } from '../json/bigintJson.js';
import type { Schema } from './schema.js';
import { parseTransform, type Transform, transformResultType, transformToString } from './transforms.js';
import type { NestedField, StructType } from './types.js';

/** Partition field ids start here (spec: 1000 for the first field of the first spec). */
export const PARTITION_DATA_ID_START = 1000;

export interface PartitionField {
  readonly sourceId: number;
  readonly fieldId: number;
  readonly name: string;
  readonly transform: Transform;
}

export class PartitionSpec {
  constructor(
    readonly specId: number,
    readonly fields: readonly PartitionField[],
  ) {}

  isUnpartitioned(): boolean {
    return this.fields.every((f) => f.transform.kind === 'void');
  }

  lastAssignedFieldId(): number {
    return this.fields.reduce((max, f) => Math.max(max, f.fieldId), PARTITION_DATA_ID_START - 1);
  }

  /** The struct of partition values this spec produces against a schema (field ids 1000+). */
  partitionType(schema: Schema): StructType {
    const fields: NestedField[] = this.fields.map((f) => {
      const source = schema.findField(f.sourceId);
      // A dropped source column: the partition value can only be null from now on.
      const sourceType = source?.type ?? 'int';
      return { id: f.fieldId, name: f.name, required: false, type: transformResultType(f.transform, sourceType) };
    });
    return { type: 'struct', fields };
  }

  /** Same fields (source, transform, name, id) ignoring the spec id: used to reuse existing specs. */
  compatibleWith(other: PartitionSpec): boolean {
    return (
      this.fields.length === other.fields.length &&
      this.fields.every((f, i) => {
        const o = other.fields[i] as PartitionField;
        return (
          f.sourceId === o.sourceId &&
          f.fieldId === o.fieldId &&
          f.name === o.name &&
          transformToString(f.transform) === transformToString(o.transform)
        );
      })
    );
  }

  toJSON(): Record<string, unknown> {
    return {
      'spec-id': this.specId,
      fields: this.fields.map((f) => ({
        name: f.name,
        transform: transformToString(f.transform),
        'source-id': f.sourceId,
        'field-id': f.fieldId,
      })),
    };
  }

  static fromJson(value: unknown): PartitionSpec {
    const obj = value as Record<string, unknown>;
    return new PartitionSpec(toNumber(obj['spec-id'] ?? 0, 'spec-id'), partitionFieldsFromJson(obj.fields));
  }

  static unpartitioned(): PartitionSpec {
    return new PartitionSpec(0, []);
  }
}

/** Partition fields from JSON; v1 specs may omit field ids, which then count up from 1000. */
export function partitionFieldsFromJson(value: unknown): PartitionField[] {
  if (!Array.isArray(value)) throw new ValidationError('partition spec: fields must be an array');
  return value.map((raw, i) => {
    const f = raw as Record<string, unknown>;
    return {
      sourceId: toNumber(f['source-id'], 'source-id'),
      fieldId: f['field-id'] === undefined ? PARTITION_DATA_ID_START + i : toNumber(f['field-id'], 'field-id'),
      name: String(f.name),
      transform: parseTransform(String(f.transform)),
    };
  });
}

export interface PartitionFieldInput {
  /** Source column name (or id). */
  readonly source: string | number;
  readonly transform: Transform;
  /** Defaults to the column name (identity) or `<column>_<transform>` as Java names them. */
  readonly name?: string;
}

export function defaultPartitionName(column: string, transform: Transform): string {
  switch (transform.kind) {
    case 'identity':
      return column;
    case 'bucket':
      return `${column}_bucket`;
    case 'truncate':
      return `${column}_trunc`;
    case 'void':
      return `${column}_null`;
    default:
      return `${column}_${transform.kind}`;
  }
}

/** Builds a spec against a schema, numbering partition fields after `lastPartitionId`. */
export function buildPartitionSpec(
  schema: Schema,
  inputs: readonly PartitionFieldInput[],
  specId = 0,
  lastPartitionId = PARTITION_DATA_ID_START - 1,
): PartitionSpec {
  let next = lastPartitionId;
  const fields = inputs.map((input) => {
    const source = schema.field(input.source);
    const column = schema.findColumnName(source.id) ?? source.name;
    next += 1;
    return {
      sourceId: source.id,
      fieldId: next,
      name: input.name ?? defaultPartitionName(column, input.transform),
      transform: input.transform,
    };
  });
  const names = new Set<string>();
  for (const f of fields) {
    if (names.has(f.name)) throw new ValidationError(`duplicate partition field name ${f.name}`);
    names.add(f.name);
  }
  return new PartitionSpec(specId, fields);
}
