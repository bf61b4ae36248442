/**
 * Which rows of a model a run rebuilds: per product, the buckets of the model's grain that hold a
 * trade added to silver since the model's last run (from the first to the last such bucket), and
 * the slice of the inputs those buckets need.
 */
import type { KeyRangeFilter } from '../tables/TableStore.js';
import type { ModelGrain } from './ModelProject.js';

export interface ChangedRange {
  readonly productId: string;
  readonly minUs: bigint;
  readonly maxUs: bigint;
}

const GRAIN_US: Record<Exclude<ModelGrain, 'product'>, bigint> = {
  minute: 60_000_000n,
  hour: 3_600_000_000n,
  day: 86_400_000_000n,
};
const HOUR_US = 3_600_000_000n;

function floorTo(value: bigint, step: bigint): bigint {
  const rest = value % step;
  return rest < 0n ? value - rest - step : value - rest;
}

export interface ModelScope {
  /** Rows of the model table replaced by this run. */
  readonly output: KeyRangeFilter;
  /** Rows an input (silver.trades on exchange_time, or an upstream model on its time column) must provide. */
  input(timeColumn: string): KeyRangeFilter;
}

export function modelScope(
  grain: ModelGrain,
  timeColumn: string | undefined,
  lookbackHours: number,
  changed: readonly ChangedRange[],
): ModelScope {
  const lookbackUs = BigInt(lookbackHours) * HOUR_US;
  if (grain === 'product') {
    return {
      output: { keyColumn: 'product_id', ranges: changed.map((range) => ({ key: range.productId })) },
      input: (column) => ({
        keyColumn: 'product_id',
        rangeColumn: column,
        ranges: changed.map((range) => ({ key: range.productId, fromUs: range.maxUs - lookbackUs })),
      }),
    };
  }
  const step = GRAIN_US[grain];
  const buckets = changed.map((range) => ({
    key: range.productId,
    fromUs: floorTo(range.minUs, step),
    toUs: floorTo(range.maxUs, step) + step,
  }));
  return {
    output: { keyColumn: 'product_id', rangeColumn: timeColumn, ranges: buckets },
    input: (column) => ({
      keyColumn: 'product_id',
      rangeColumn: column,
      ranges: buckets.map((bucket) => ({ ...bucket, fromUs: bucket.fromUs - lookbackUs })),
    }),
  };
}
