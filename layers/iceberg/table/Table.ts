/**
 * A loaded table: its metadata, where that metadata lives, its FileIO and its catalog; plus the
 * entry points of every operation. `metadata` moves forward on refresh() and on each commit.
 */
import type { Catalog } from '../catalog/Catalog.js';
import { identifierToString, type TableIdentifier } from '../catalog/identifiers.js';
import { ValidationError } from '../errors.js';
import type { Expression } from '../expr/expressions.js';
import type { FileIO } from '../io/FileIO.js';
import type { FileScanTask, ScanOptions } from '../scan/FileScanTask.js';
import { planIncrementalAppends } from '../scan/incrementalAppendScan.js';
import { TableScan } from '../scan/TableScan.js';
import type { PartitionSpec } from '../spec/partitionSpec.js';
import type { Schema } from '../spec/schema.js';
import type { Snapshot, SnapshotRef } from '../spec/snapshot.js';
import type { SortOrder } from '../spec/sortOrder.js';
import {
  currentSchema,
  currentSnapshot,
  defaultSortOrder,
  defaultSpec,
  findSnapshot,
  snapshotAsOf,
  snapshotForRef,
  type TableMetadata,
} from '../spec/tableMetadata.js';
import type { TableRequirement, TableUpdate } from '../update/updates.js';
import { ExpireSnapshots } from './ExpireSnapshots.js';
import { FastAppend, MergeAppend } from './FastAppend.js';
import { ManageSnapshots } from './ManageSnapshots.js';
import { OverwriteFiles, type OverwriteOptions } from './OverwriteFiles.js';
import { UpdateProperties } from './UpdateProperties.js';
import { UpdateSchema } from './UpdateSchema.js';
import { UpdateSpec } from './UpdateSpec.js';

export class Table {
  constructor(
    readonly identifier: TableIdentifier,
    public metadata: TableMetadata,
    public metadataLocation: string,
    readonly io: FileIO,
    readonly catalog: Catalog,
  ) {}

  get name(): string {
    return identifierToString(this.identifier);
  }

  location(): string {
    return this.metadata.location;
  }

  properties(): Readonly<Record<string, string>> {
    return this.metadata.properties;
  }

  schema(): Schema {
    return currentSchema(this.metadata);
  }

  spec(): PartitionSpec {
    return defaultSpec(this.metadata);
  }

  sortOrder(): SortOrder {
    return defaultSortOrder(this.metadata);
  }

  currentSnapshot(): Snapshot | undefined {
    return currentSnapshot(this.metadata);
  }

  snapshot(snapshotId: bigint): Snapshot | undefined {
    return findSnapshot(this.metadata, snapshotId);
  }

  /** The snapshot that was current on main at that time (time travel by timestamp). */
  snapshotAsOf(timestampMs: number): Snapshot | undefined {
    return snapshotAsOf(this.metadata, timestampMs);
  }

  snapshots(): readonly Snapshot[] {
    return this.metadata.snapshots;
  }

  ref(name: string): SnapshotRef | undefined {
    return this.metadata.refs[name];
  }

  snapshotForRef(name: string): Snapshot | undefined {
    return snapshotForRef(this.metadata, name);
  }

  /** Reloads the metadata from the catalog (only when the catalog points at a newer metadata file). */
  async refresh(): Promise<this> {
    if ((await this.catalog.loadMetadataLocation(this.identifier)) === this.metadataLocation) return this;
    const fresh = await this.catalog.loadTable(this.identifier);
    this.metadata = fresh.metadata;
    this.metadataLocation = fresh.metadataLocation;
    return this;
  }

  /** Commits raw updates and requirements (no retry); the operations below build these for you. */
  async commitTransaction(
    requirements: readonly TableRequirement[],
    updates: readonly TableUpdate[],
  ): Promise<TableMetadata> {
    const response = await this.catalog.commitTable(this.identifier, requirements, updates);
    this.metadata = response.metadata;
    this.metadataLocation = response.metadataLocation;
    return response.metadata;
  }

  scan(options: ScanOptions = {}): TableScan {
    return new TableScan(this.io, this.metadata, options);
  }

  /** Files appended after `fromSnapshotIdExclusive` (undefined: from the start) up to `toSnapshotIdInclusive` (default current). */
  incrementalAppendScan(
    fromSnapshotIdExclusive: bigint | undefined,
    toSnapshotIdInclusive?: bigint,
  ): { planFiles(): Promise<FileScanTask[]> } {
    const md = this.metadata;
    const io = this.io;
    return { planFiles: () => planIncrementalAppends(io, md, fromSnapshotIdExclusive, toSnapshotIdInclusive) };
  }

  newAppend(): FastAppend {
    return new FastAppend(this);
  }

  /** An append that merges small manifests (commit.manifest.* properties), as Java's newAppend() does. */
  newMergeAppend(): MergeAppend {
    return new MergeAppend(this);
  }

  /** Copy-on-write overwrite: rows matching `filter` are replaced by the files/queries added. */
  newOverwrite(filter: Expression, options: Omit<OverwriteOptions, 'filter'> = {}): OverwriteFiles {
    return new OverwriteFiles(this, { ...options, filter });
  }

  /** Dynamic partition overwrite: partitions of the added files lose all their previous files. */
  newReplacePartitions(): OverwriteFiles {
    if (this.spec().isUnpartitioned())
      throw new ValidationError(`table ${this.name} is unpartitioned: use newOverwrite(alwaysTrue()) instead`);
    return new OverwriteFiles(this, { replacePartitions: true });
  }

  /** Deletes rows matching `filter` (whole files dropped, partly matching files rewritten). */
  newDelete(filter: Expression, options: Omit<OverwriteOptions, 'filter'> = {}): OverwriteFiles {
    return new OverwriteFiles(this, { ...options, filter });
  }

  /**
   * Replaces explicit files by files holding the same rows (compaction) in one `replace` snapshot,
   * which incremental append scans skip. Use deleteFile() and appendFile()/appendQuery().
   */
  newRewrite(): OverwriteFiles {
    return new OverwriteFiles(this, { sameRows: true });
  }

  /** Removes explicit files (and optionally adds others) in one snapshot; rows may change. */
  newFileOverwrite(): OverwriteFiles {
    return new OverwriteFiles(this);
  }

  updateSchema(): UpdateSchema {
    return new UpdateSchema(this);
  }

  updateSpec(): UpdateSpec {
    return new UpdateSpec(this);
  }

  updateProperties(): UpdateProperties {
    return new UpdateProperties(this);
  }

  manageSnapshots(): ManageSnapshots {
    return new ManageSnapshots(this);
  }

  expireSnapshots(): ExpireSnapshots {
    return new ExpireSnapshots(this);
  }
}
