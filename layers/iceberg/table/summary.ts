/** Snapshot summaries with the counters Java's SnapshotSummary writes (added/deleted and totals). */
import { type DataFile, FileContent } from '../avro/model.js';
import { partitionKey } from '../scan/deleteIndex.js';
import type { Operation, Snapshot } from '../spec/snapshot.js';

export interface FileChanges {
  readonly added: readonly DataFile[];
  readonly removed: readonly DataFile[];
}

const TOTALS = [
  'total-records',
  'total-files-size',
  'total-data-files',
  'total-delete-files',
  'total-position-deletes',
  'total-equality-deletes',
] as const;

function tally(files: readonly DataFile[]) {
  const data = files.filter((f) => f.content === FileContent.Data);
  const deletes = files.filter((f) => f.content !== FileContent.Data);
  const sum = (list: readonly DataFile[], pick: (f: DataFile) => number) => list.reduce((n, f) => n + pick(f), 0);
  return {
    dataFiles: data.length,
    deleteFiles: deletes.length,
    positionDeleteFiles: deletes.filter((f) => f.content === FileContent.PositionDeletes).length,
    equalityDeleteFiles: deletes.filter((f) => f.content === FileContent.EqualityDeletes).length,
    records: sum(data, (f) => f.recordCount),
    size: sum(files, (f) => f.fileSizeInBytes),
    positionDeletes: sum(
      deletes.filter((f) => f.content === FileContent.PositionDeletes),
      (f) => f.recordCount,
    ),
    equalityDeletes: sum(
      deletes.filter((f) => f.content === FileContent.EqualityDeletes),
      (f) => f.recordCount,
    ),
  };
}

export function buildSummary(
  operation: Operation,
  changes: FileChanges,
  parent: Snapshot | undefined,
  extra: Readonly<Record<string, string>>,
): Snapshot['summary'] {
  const added = tally(changes.added);
  const removed = tally(changes.removed);
  const out: Record<string, string> = { operation };
  const put = (key: string, n: number) => {
    if (n > 0) out[key] = String(n);
  };
  put('added-data-files', added.dataFiles);
  put('deleted-data-files', removed.dataFiles);
  put('added-delete-files', added.deleteFiles);
  put('added-position-delete-files', added.positionDeleteFiles);
  put('added-equality-delete-files', added.equalityDeleteFiles);
  put('removed-position-delete-files', removed.positionDeleteFiles);
  put('removed-equality-delete-files', removed.equalityDeleteFiles);
  put('removed-delete-files', removed.deleteFiles);
  put('added-records', added.records);
  put('deleted-records', removed.records);
  put('added-files-size', added.size);
  put('removed-files-size', removed.size);
  put('added-position-deletes', added.positionDeletes);
  put('removed-position-deletes', removed.positionDeletes);
  put('added-equality-deletes', added.equalityDeletes);
  put('removed-equality-deletes', removed.equalityDeletes);
  const partitions = new Set([...changes.added, ...changes.removed].map((f) => partitionKey(f.specId, f.partition)));
  out['changed-partition-count'] = String(partitions.size);

  const before: Readonly<Record<string, string>> = parent?.summary ?? {};
  const hasTotals = parent === undefined || TOTALS.every((key) => before[key] !== undefined);
  if (hasTotals) {
    const prior = (key: (typeof TOTALS)[number]) => Number(before[key] ?? 0);
    out['total-records'] = String(prior('total-records') + added.records - removed.records);
    out['total-files-size'] = String(prior('total-files-size') + added.size - removed.size);
    out['total-data-files'] = String(prior('total-data-files') + added.dataFiles - removed.dataFiles);
    out['total-delete-files'] = String(prior('total-delete-files') + added.deleteFiles - removed.deleteFiles);
    out['total-position-deletes'] = String(
      prior('total-position-deletes') + added.positionDeletes - removed.positionDeletes,
    );
    out['total-equality-deletes'] = String(
      prior('total-equality-deletes') + added.equalityDeletes - removed.equalityDeletes,
    );
  }
  return { ...extra, ...out, operation };
}
