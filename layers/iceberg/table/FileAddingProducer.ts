/**
 * A snapshot producer that adds data files: given as DataFiles or as DuckDB queries written to
 * Parquet once, before the first attempt, into manifests of ADDED entries every attempt reuses.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DataFile, ManifestFile } from '../avro/model.js';
import { SnapshotProducer } from './SnapshotProducer.js';
import { type QuerySource, writeAddedManifests, writeQuery } from './writeHelpers.js';

export abstract class FileAddingProducer extends SnapshotProducer {
  protected readonly files: DataFile[] = [];
  private readonly queries: QuerySource[] = [];
  /** Data files written from queries (the caller's own files are never deleted). */
  private readonly fromQueries: string[] = [];
  /** The manifests of the added files, written by prepare(). */
  protected added: ManifestFile[] | undefined;

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

  protected override async prepare(): Promise<void> {
    if (this.added) return;
    for (const query of this.queries.splice(0)) {
      const written = await writeQuery(this.table, query);
      this.fromQueries.push(...written.map((file) => file.filePath));
      this.files.push(...written);
    }
    this.added = await writeAddedManifests(this.table, this.files, this.snapshotId);
  }

  protected override ownFiles(): readonly string[] {
    return [...this.fromQueries, ...(this.added ?? []).map((manifest) => manifest.manifestPath)];
  }
}
