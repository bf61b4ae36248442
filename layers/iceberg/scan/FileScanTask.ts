/** What a query engine needs to read one data file of a scan. */
import type { DataFile } from '../avro/model.js';
import type { Expression } from '../expr/expressions.js';
import type { PartitionSpec } from '../spec/partitionSpec.js';
import type { Schema } from '../spec/schema.js';

export interface DeleteFileRef {
  readonly file: DataFile;
  readonly dataSequenceNumber: number;
}

export interface FileScanTask {
  readonly dataFile: DataFile;
  /** Data sequence number of the data file (deletes apply by comparing with theirs). */
  readonly dataSequenceNumber: number;
  /** Position and equality delete files that apply to this data file (spec "Scan Planning"). */
  readonly deleteFiles: readonly DeleteFileRef[];
  /** The spec the file was written with. */
  readonly spec: PartitionSpec;
  /** The schema to read with (the snapshot's or table's current schema, projected to selected ids). */
  readonly schema: Schema;
  /** The scan's filter; file pruning is conservative, so rows must still be filtered. */
  readonly residual: Expression;
}

export interface ScanOptions {
  readonly snapshotId?: bigint;
  readonly ref?: string;
  readonly asOfTimestampMs?: number;
  readonly filter?: Expression;
  /** Top-level or nested field ids to project; all columns when omitted. */
  readonly selectedFieldIds?: readonly number[];
  readonly caseSensitive?: boolean;
}
