// Delete files apply by sequence number and partition (spec "Scan Planning").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type DataFile,
  DeleteIndex,
  EntryStatus,
  FileContent,
  type ManifestEntry,
  PartitionSpec,
} from '../../../layers/iceberg/index.js';

const partitioned = new PartitionSpec(0, [{ sourceId: 1, fieldId: 1000, name: 'p', transform: { kind: 'identity' } }]);
const unpartitioned = new PartitionSpec(1, []);
const specs = new Map([
  [0, partitioned],
  [1, unpartitioned],
]);

function file(
  content: DataFile['content'],
  specId: number,
  partition: DataFile['partition'],
  extra: Partial<DataFile> = {},
): DataFile {
  return {
    content,
    filePath: `f-${Math.random()}`,
    fileFormat: 'PARQUET',
    specId,
    partition,
    recordCount: 1,
    fileSizeInBytes: 1,
    ...extra,
  };
}

function entry(dataFile: DataFile, sequenceNumber: number): ManifestEntry {
  return { status: EntryStatus.Added, snapshotId: 1n, sequenceNumber, fileSequenceNumber: sequenceNumber, dataFile };
}

describe('delete index', () => {
  const data = file(FileContent.Data, 0, ['a']);
  it('applies position deletes at >= and equality deletes at > the data sequence number', () => {
    const index = new DeleteIndex(
      [
        entry(file(FileContent.PositionDeletes, 0, ['a']), 5),
        entry(file(FileContent.EqualityDeletes, 0, ['a']), 5),
        entry(file(FileContent.EqualityDeletes, 0, ['b']), 9),
      ],
      specs,
    );
    const at5 = index.forDataFile(data, 5).map((d) => d.file.content);
    assert.deepEqual(at5, [FileContent.PositionDeletes]);
    assert.equal(index.forDataFile(data, 4).length, 2);
    assert.equal(index.forDataFile(data, 6).length, 0);
  });

  it('applies unpartitioned equality deletes globally and honours referenced data files', () => {
    const index = new DeleteIndex(
      [
        entry(file(FileContent.EqualityDeletes, 1, []), 3),
        entry(file(FileContent.PositionDeletes, 0, ['a'], { referencedDataFile: 'other.parquet' }), 3),
      ],
      specs,
    );
    const applied = index.forDataFile(data, 1);
    assert.equal(applied.length, 1);
    assert.equal(applied[0]?.file.content, FileContent.EqualityDeletes);
  });
});
