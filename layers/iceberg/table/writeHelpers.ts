/** Shared steps of write operations: running a query into data files, writing ADDED manifests. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sharedConnection } from '../../duckdb/index.js';
import { writeManifest } from '../avro/manifestWriter.js';
import { type DataFile, EntryStatus, ManifestContent, type ManifestFile } from '../avro/model.js';
import { writeDataFiles } from '../data/writeDataFiles.js';
import { ValidationError } from '../errors.js';
import { currentSchema, defaultSortOrder, defaultSpec, specById, type TableMetadata } from '../spec/tableMetadata.js';
import type { Table } from './Table.js';

export interface QuerySource {
  readonly sql: string;
  readonly connection?: DuckDBConnection;
}

export async function writeQuery(table: Table, source: QuerySource, specId?: number): Promise<DataFile[]> {
  const md = table.metadata;
  return writeDataFiles({
    connection: source.connection ?? (await sharedConnection()),
    io: table.io,
    location: md.location,
    schema: currentSchema(md),
    spec: specId === undefined ? defaultSpec(md) : specById(md, specId),
    properties: md.properties,
    query: source.sql,
    sortOrder: defaultSortOrder(md),
  });
}

/** A fresh manifest location under the table's metadata directory. */
export function newManifestLocation(md: TableMetadata): string {
  return `${md.properties['write.metadata.path'] ?? `${md.location}/metadata`}/${crypto.randomUUID()}-m0.avro`;
}

/** One manifest per partition spec with the files as ADDED entries (sequence numbers inherited). */
export async function writeAddedManifests(
  table: Table,
  files: readonly DataFile[],
  snapshotId: bigint,
): Promise<ManifestFile[]> {
  const md = table.metadata;
  const bySpec = new Map<number, DataFile[]>();
  for (const file of files) {
    const group = bySpec.get(file.specId) ?? [];
    group.push(file);
    bySpec.set(file.specId, group);
  }
  const out: ManifestFile[] = [];
  for (const [specId, group] of bySpec) {
    const content = group[0]?.content === 0 ? ManifestContent.Data : ManifestContent.Deletes;
    if (group.some((f) => (f.content === 0) !== (content === ManifestContent.Data)))
      throw new ValidationError(`cannot mix data and delete files in one manifest for table ${md.location}`);
    out.push(
      await writeManifest({
        io: table.io,
        location: newManifestLocation(md),
        spec: specById(md, specId),
        schema: currentSchema(md),
        content,
        snapshotId,
        entries: group.map((dataFile) => ({ status: EntryStatus.Added, snapshotId, dataFile })),
      }),
    );
  }
  return out;
}
