/**
 * Compaction (bin-packing): a table appended to every second gathers one small file per commit in
 * each partition. Where a partition holds `minInputFiles` or more files under `smallFileBytes`,
 * they are read back (by field id) and rewritten as files of up to the target size, in one
 * `replace` snapshot that incremental readers skip. The old files stay for older snapshots until
 * snapshot expiry removes them. Files with row-level deletes are left alone (this writer is
 * copy-on-write only).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DataFile } from '../avro/model.js';
import { readParquetByFieldId } from '../data/readByFieldId.js';
import { DEFAULT_TARGET_FILE_SIZE_BYTES } from '../data/writeDataFiles.js';
import { partitionKey } from '../scan/deleteIndex.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { Table } from './Table.js';

export interface CompactionOptions {
  readonly connection: DuckDBConnection;
  /** Files under this size are candidates (default: an eighth of write.target-file-size-bytes). */
  readonly smallFileBytes?: number;
  /** A partition is compacted once it has this many candidates (default 10). */
  readonly minInputFiles?: number;
  /** At most this many bytes of input per partition and run (default: write.target-file-size-bytes). */
  readonly maxInputBytes?: number;
}

export interface CompactionResult {
  readonly rewrittenFiles: number;
  readonly addedFiles: number;
  readonly snapshot: Snapshot | undefined;
}

/** The groups of small files worth rewriting, per partition, oldest first. */
export function planCompaction(
  files: readonly DataFile[],
  smallFileBytes: number,
  minInputFiles: number,
  maxInputBytes: number,
): DataFile[][] {
  const byPartition = new Map<string, DataFile[]>();
  for (const file of files) {
    if (file.fileSizeInBytes >= smallFileBytes) continue;
    const key = partitionKey(file.specId, file.partition);
    byPartition.set(key, [...(byPartition.get(key) ?? []), file]);
  }
  const groups: DataFile[][] = [];
  for (const candidates of byPartition.values()) {
    const group: DataFile[] = [];
    let bytes = 0;
    for (const file of candidates) {
      if (group.length > 0 && bytes + file.fileSizeInBytes > maxInputBytes) break;
      group.push(file);
      bytes += file.fileSizeInBytes;
    }
    if (group.length >= minInputFiles) groups.push(group);
  }
  return groups;
}

export async function compactDataFiles(table: Table, options: CompactionOptions): Promise<CompactionResult> {
  await table.refresh();
  const target = Number(table.metadata.properties['write.target-file-size-bytes'] ?? DEFAULT_TARGET_FILE_SIZE_BYTES);
  const tasks = await table.scan().planFiles();
  const groups = planCompaction(
    tasks.filter((task) => task.deleteFiles.length === 0).map((task) => task.dataFile),
    options.smallFileBytes ?? Math.floor(target / 8),
    options.minInputFiles ?? 10,
    options.maxInputBytes ?? target,
  );
  if (groups.length === 0) return { rewrittenFiles: 0, addedFiles: 0, snapshot: undefined };
  const rewrite = table.newRewrite();
  const schema = table.schema();
  for (const group of groups) {
    for (const file of group) rewrite.deleteFile(file);
    const paths = await Promise.all(group.map((file) => table.io.localPath(file.filePath)));
    rewrite.appendQuery(`SELECT * FROM ${readParquetByFieldId(paths, schema)}`, options.connection);
  }
  const snapshot = await rewrite.commit();
  return {
    rewrittenFiles: groups.reduce((n, group) => n + group.length, 0),
    addedFiles: Number(snapshot.summary['added-data-files'] ?? 0),
    snapshot,
  };
}
