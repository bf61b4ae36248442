/** Fast append: new files go into a new manifest; the parent's manifests are kept as they are. */
import type { DataFile } from '../avro/model.js';
import { snapshotManifests } from '../scan/manifestEntries.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { TableMetadata } from '../spec/tableMetadata.js';
import { FileAddingProducer } from './FileAddingProducer.js';
import type { ProducedSnapshot } from './SnapshotProducer.js';

export class FastAppend extends FileAddingProducer {
  /** The files this append adds (after commit, including the ones written from queries). */
  addedFiles(): readonly DataFile[] {
    return this.files;
  }

  protected async produce(base: TableMetadata, parent: Snapshot | undefined): Promise<ProducedSnapshot> {
    const existing = await snapshotManifests(this.table.io, parent, base);
    return { operation: 'append', manifests: [...(this.added ?? []), ...existing], added: this.files, removed: [] };
  }
}

/**
 * Append that keeps the manifest list short (Iceberg's MergeAppend, `Table.newMergeAppend()`): for
 * tables committed to continuously, like the pipeline's.
 */
export class MergeAppend extends FastAppend {
  protected override mergesManifests(): boolean {
    return true;
  }
}
