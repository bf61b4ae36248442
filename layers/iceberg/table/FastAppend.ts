/** Fast append: new files go into a new manifest; the parent's manifests are kept as they are. */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DataFile, ManifestFile } from '../avro/model.js';
import { snapshotManifests } from '../scan/manifestEntries.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { TableMetadata } from '../spec/tableMetadata.js';
import { type ProducedSnapshot, SnapshotProducer } from './SnapshotProducer.js';
import { type QuerySource, writeAddedManifests, writeQuery } from './writeHelpers.js';

export class FastAppend extends SnapshotProducer {
  private readonly files: DataFile[] = [];
  private readonly queries: QuerySource[] = [];
  private added: ManifestFile[] | undefined;

  appendFile(file: DataFile): this {
    this.files.push(file);
    return this;
  }

  appendFiles(files: readonly DataFile[]): this {
    this.files.push(...files);
    return this;
  }

  /** Rows of a DuckDB query, written as Parquet data files at commit (columns named like the schema). */
  appendQuery(sql: string, connection?: DuckDBConnection): this {
    this.queries.push({ sql, ...(connection ? { connection } : {}) });
    return this;
  }

  /** The files this append adds (after commit, including the ones written from queries). */
  addedFiles(): readonly DataFile[] {
    return this.files;
  }

  protected override async prepare(): Promise<void> {
    if (this.added) return;
    for (const query of this.queries.splice(0)) this.files.push(...(await writeQuery(this.table, query)));
    this.added = await writeAddedManifests(this.table, this.files, this.snapshotId);
  }

  protected async produce(base: TableMetadata, parent: Snapshot | undefined): Promise<ProducedSnapshot> {
    const existing = await snapshotManifests(this.table.io, parent, base);
    return { operation: 'append', manifests: [...(this.added ?? []), ...existing], added: this.files, removed: [] };
  }
}
