/** Sort orders: the order data is written in, recorded so readers and compaction can use it. */
import { toNumber } from '../json/bigintJson.js';
import type { Schema } from './schema.js';
import { parseTransform, type Transform, transformToString } from './transforms.js';

export interface SortField {
  readonly sourceId: number;
  readonly transform: Transform;
  readonly direction: 'asc' | 'desc';
  readonly nullOrder: 'nulls-first' | 'nulls-last';
}

export class SortOrder {
  constructor(
    readonly orderId: number,
    readonly fields: readonly SortField[],
  ) {}

  isUnsorted(): boolean {
    return this.fields.length === 0;
  }

  sameFields(other: SortOrder): boolean {
    return JSON.stringify(this.toJSON().fields) === JSON.stringify(other.toJSON().fields);
  }

  toJSON(): Record<string, unknown> {
    return {
      'order-id': this.orderId,
      fields: this.fields.map((f) => ({
        transform: transformToString(f.transform),
        'source-id': f.sourceId,
        direction: f.direction,
        'null-order': f.nullOrder,
      })),
    };
  }

  static fromJson(value: unknown): SortOrder {
    const obj = value as Record<string, unknown>;
    const fields = (Array.isArray(obj.fields) ? obj.fields : []).map((raw) => {
      const f = raw as Record<string, unknown>;
      return {
        sourceId: toNumber(f['source-id'], 'source-id'),
        transform: parseTransform(String(f.transform)),
        direction: f.direction === 'desc' ? ('desc' as const) : ('asc' as const),
        nullOrder: f['null-order'] === 'nulls-last' ? ('nulls-last' as const) : ('nulls-first' as const),
      };
    });
    return new SortOrder(toNumber(obj['order-id'] ?? 0, 'order-id'), fields);
  }

  static unsorted(): SortOrder {
    return new SortOrder(0, []);
  }
}

export interface SortFieldInput {
  /** Source column name (or id). */
  readonly source: string | number;
  readonly transform?: Transform;
  readonly direction?: 'asc' | 'desc';
  readonly nullOrder?: 'nulls-first' | 'nulls-last';
}

/** A sort order (id 1) against a schema, from column names. */
export function buildSortOrder(schema: Schema, inputs: readonly SortFieldInput[]): SortOrder {
  if (inputs.length === 0) return SortOrder.unsorted();
  return new SortOrder(
    1,
    inputs.map((input) => ({
      sourceId: schema.field(input.source).id,
      transform: input.transform ?? { kind: 'identity' },
      direction: input.direction ?? 'asc',
      nullOrder: input.nullOrder ?? (input.direction === 'desc' ? 'nulls-last' : 'nulls-first'),
    })),
  );
}
