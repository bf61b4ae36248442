/** Per-partition-field summaries a manifest list stores for each manifest (used to skip manifests). */
import { toBytes } from '../spec/singleValue.js';
import { isPrimitive, type StructType } from '../spec/types.js';
import { compareValues, type IcebergValue } from '../spec/values.js';
import type { PartitionFieldSummary, PartitionValues } from './model.js';

export function summarisePartitions(
  partitionType: StructType,
  partitions: readonly PartitionValues[],
): PartitionFieldSummary[] {
  return partitionType.fields.map((field, index) => {
    let containsNull = false;
    let containsNan = false;
    let lower: IcebergValue | undefined;
    let upper: IcebergValue | undefined;
    for (const partition of partitions) {
      const value = partition[index] ?? null;
      if (value === null) containsNull = true;
      else if (typeof value === 'number' && Number.isNaN(value)) containsNan = true;
      else {
        if (lower === undefined || compareValues(value, lower) < 0) lower = value;
        if (upper === undefined || compareValues(value, upper) > 0) upper = value;
      }
    }
    const type = field.type;
    const floating = type === 'float' || type === 'double';
    return {
      containsNull,
      ...(floating ? { containsNan } : {}),
      ...(lower !== undefined && isPrimitive(type) ? { lowerBound: toBytes(type, lower) } : {}),
      ...(upper !== undefined && isPrimitive(type) ? { upperBound: toBytes(type, upper) } : {}),
    };
  });
}
