/**
 * What the SQL builder needs to read one table version: the projected schema and, per data file,
 * the delete files that apply to it. Paths come twice: as recorded in metadata (position deletes
 * name data files that way) and as the local file DuckDB reads.
 */
import type { NestedField } from '../../iceberg/index.js';
import type { ParquetNode } from './parquetColumns.js';

export type FileContent = 'data' | 'position-deletes' | 'equality-deletes';

export interface ScanFile {
  readonly content: FileContent;
  /** The path exactly as recorded in the manifest. */
  readonly path: string;
  /** A local path with the file's bytes (the file itself or a cached copy). */
  readonly localPath: string;
  /** Data sequence number (inherited from the manifest when the entry had none). */
  readonly sequenceNumber: bigint;
  /** Equality field ids, for equality delete files. */
  readonly equalityIds?: readonly number[];
  /** For a deletion vector (v3): the deleted positions, already read, of the one data file it references. */
  readonly deletedPositions?: readonly bigint[];
}

export interface ScanDataFile extends ScanFile {
  readonly content: 'data';
  /** Identity-partition values by source field id, used where the file lacks the column. */
  readonly identityValues: ReadonlyMap<number, unknown>;
  /**
   * Set only for files without Parquet field ids: field id -> the file's column name, from the
   * table's name mapping (fields not listed are missing from the file).
   */
  readonly columnsByName?: ReadonlyMap<number, string>;
  /** Struct columns whose nested fields differ in this file: top-level field id -> the file's column tree. */
  readonly structNodes?: ReadonlyMap<number, ParquetNode>;
}

export interface ScanTaskPlan {
  readonly dataFile: ScanDataFile;
  readonly deleteFiles: readonly ScanFile[];
}

export interface ScanPlan {
  /** Columns to produce, in order (the table schema of the version read). */
  readonly columns: readonly NestedField[];
  readonly tasks: readonly ScanTaskPlan[];
  /** Looks up a field by id in any of the table's schemas (equality deletes on dropped columns). */
  readonly fieldById: (id: number) => NestedField | undefined;
}
