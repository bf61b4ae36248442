/** What a manifest list stores about each manifest: per-partition-field summaries (used to skip manifests) and counts. */
import { toBytes } from '../spec/singleValue.js';
import { isPrimitive, type StructType } from '../spec/types.js';
import { compareValues, type IcebergValue } from '../spec/values.js';
import {
  type DataFile,
  EntryStatus,
  type ManifestFile,
  type PartitionFieldSummary,
  type PartitionValues,
} from './model.js';

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

export type ManifestEntrySummary = Pick<
  ManifestFile,
  | 'addedFilesCount'
  | 'existingFilesCount'
  | 'deletedFilesCount'
  | 'addedRowsCount'
  | 'existingRowsCount'
  | 'deletedRowsCount'
  | 'partitions'
>;

/** What a manifest-list entry records about its manifest's entries: file and row counts by status, partition summaries. */
export function summariseManifestEntries(
  partitionType: StructType,
  entries: readonly { readonly status: EntryStatus; readonly dataFile: DataFile }[],
): ManifestEntrySummary {
  const withStatus = (status: EntryStatus) => entries.filter((e) => e.status === status);
  const rows = (status: EntryStatus) => withStatus(status).reduce((sum, e) => sum + e.dataFile.recordCount, 0);
  return {
    addedFilesCount: withStatus(EntryStatus.Added).length,
    existingFilesCount: withStatus(EntryStatus.Existing).length,
    deletedFilesCount: withStatus(EntryStatus.Deleted).length,
    addedRowsCount: rows(EntryStatus.Added),
    existingRowsCount: rows(EntryStatus.Existing),
    deletedRowsCount: rows(EntryStatus.Deleted),
    partitions: summarisePartitions(
      partitionType,
      entries.map((e) => e.dataFile.partition),
    ),
  };
}
