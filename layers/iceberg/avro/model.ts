/** Manifest-level models: data/delete files, manifest entries and manifest-list entries. */
import type { IcebergValue } from '../spec/values.js';

export const FileContent = { Data: 0, PositionDeletes: 1, EqualityDeletes: 2 } as const;
export type FileContent = (typeof FileContent)[keyof typeof FileContent];

export const ManifestContent = { Data: 0, Deletes: 1 } as const;
export type ManifestContent = (typeof ManifestContent)[keyof typeof ManifestContent];

export const EntryStatus = { Existing: 0, Added: 1, Deleted: 2 } as const;
export type EntryStatus = (typeof EntryStatus)[keyof typeof EntryStatus];

/** Partition values in the order of the spec's fields (transformed values, null allowed). */
export type PartitionValues = readonly (IcebergValue | null)[];

export interface DataFile {
  readonly content: FileContent;
  readonly filePath: string;
  readonly fileFormat: 'PARQUET' | 'AVRO' | 'ORC' | 'PUFFIN';
  /** Spec id the partition values belong to (from the manifest that lists the file). */
  readonly specId: number;
  readonly partition: PartitionValues;
  readonly recordCount: number;
  readonly fileSizeInBytes: number;
  readonly columnSizes?: ReadonlyMap<number, number>;
  readonly valueCounts?: ReadonlyMap<number, number>;
  readonly nullValueCounts?: ReadonlyMap<number, number>;
  readonly nanValueCounts?: ReadonlyMap<number, number>;
  /** Appendix D binary bounds, keyed by field id. */
  readonly lowerBounds?: ReadonlyMap<number, Uint8Array>;
  readonly upperBounds?: ReadonlyMap<number, Uint8Array>;
  readonly keyMetadata?: Uint8Array;
  readonly splitOffsets?: readonly number[];
  /** Field ids of the equality-delete key (equality delete files only). */
  readonly equalityIds?: readonly number[];
  readonly sortOrderId?: number;
  /** Field 143: the one data file all deletes in this file reference (position deletes; required for deletion vectors). */
  readonly referencedDataFile?: string;
  /** Field 144 (v3): where a deletion vector's blob starts in its Puffin file. */
  readonly contentOffset?: number;
  /** Field 145 (v3): the deletion vector blob's length; present whenever contentOffset is. */
  readonly contentSizeInBytes?: number;
}

export interface ManifestEntry {
  readonly status: EntryStatus;
  /** Inherited from the manifest's snapshot when null in the file (ADDED entries only). */
  readonly snapshotId: bigint;
  /** Data sequence number (inherited like snapshotId). */
  readonly sequenceNumber: number;
  readonly fileSequenceNumber: number;
  readonly dataFile: DataFile;
}

export interface PartitionFieldSummary {
  readonly containsNull: boolean;
  readonly containsNan?: boolean;
  readonly lowerBound?: Uint8Array;
  readonly upperBound?: Uint8Array;
}

export interface ManifestFile {
  readonly manifestPath: string;
  readonly manifestLength: number;
  readonly partitionSpecId: number;
  readonly content: ManifestContent;
  readonly sequenceNumber: number;
  readonly minSequenceNumber: number;
  readonly addedSnapshotId: bigint;
  readonly addedFilesCount: number;
  readonly existingFilesCount: number;
  readonly deletedFilesCount: number;
  readonly addedRowsCount: number;
  readonly existingRowsCount: number;
  readonly deletedRowsCount: number;
  readonly partitions?: readonly PartitionFieldSummary[];
  readonly keyMetadata?: Uint8Array;
}
