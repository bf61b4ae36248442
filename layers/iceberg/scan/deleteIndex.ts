/**
 * Which delete files apply to a data file (spec "Scan Planning"): position deletes with a data
 * sequence number >= the data file's, equality deletes with a strictly greater one; both only
 * within the same partition unless the delete file's spec is unpartitioned (global).
 */
import type { DataFile, ManifestEntry } from '../avro/model.js';
import { FileContent } from '../avro/model.js';
import type { PartitionSpec } from '../spec/partitionSpec.js';
import type { DeleteFileRef } from './FileScanTask.js';

/** Reserved field id of `file_path` in position delete files. */
const DELETE_FILE_PATH_ID = 2147483546;

export function partitionKey(specId: number, values: DataFile['partition']): string {
  return `${specId}:${JSON.stringify(values, (_k, v) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
  )}`;
}

function targetsOnly(file: DataFile): string | undefined {
  if (file.referencedDataFile) return file.referencedDataFile;
  const lower = file.lowerBounds?.get(DELETE_FILE_PATH_ID);
  const upper = file.upperBounds?.get(DELETE_FILE_PATH_ID);
  if (lower && upper && Buffer.from(lower).equals(Buffer.from(upper))) return Buffer.from(lower).toString('utf8');
  return undefined;
}

export class DeleteIndex {
  private readonly global: DeleteFileRef[] = [];
  private readonly byPartition = new Map<string, DeleteFileRef[]>();

  constructor(entries: readonly ManifestEntry[], specsById: ReadonlyMap<number, PartitionSpec>) {
    for (const entry of entries) {
      const ref: DeleteFileRef = { file: entry.dataFile, dataSequenceNumber: entry.sequenceNumber };
      const spec = specsById.get(entry.dataFile.specId);
      if (!spec || spec.isUnpartitioned()) this.global.push(ref);
      else {
        const key = partitionKey(entry.dataFile.specId, entry.dataFile.partition);
        const list = this.byPartition.get(key) ?? [];
        list.push(ref);
        this.byPartition.set(key, list);
      }
    }
  }

  isEmpty(): boolean {
    return this.global.length === 0 && this.byPartition.size === 0;
  }

  forDataFile(file: DataFile, dataSequenceNumber: number): DeleteFileRef[] {
    const candidates = [...this.global, ...(this.byPartition.get(partitionKey(file.specId, file.partition)) ?? [])];
    return candidates.filter((ref) => {
      if (ref.file.content === FileContent.PositionDeletes) {
        const only = targetsOnly(ref.file);
        return ref.dataSequenceNumber >= dataSequenceNumber && (only === undefined || only === file.filePath);
      }
      return ref.dataSequenceNumber > dataSequenceNumber;
    });
  }
}
