// Scan planning over tables other engines wrote: snapshots, deletes by sequence number, pruning.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { eq, FileContent, gtEq, readMetadataFile, TableScan } from '../../../layers/iceberg/index.js';
import { PERSISTENT, relocatingIO } from './fixtureIO.js';

const rows = (tasks: { dataFile: { recordCount: number } }[]) => tasks.reduce((n, t) => n + t.dataFile.recordCount, 0);

describe('scan planning of fixture tables', () => {
  it('plans both lineitem snapshots (Spark) with their row counts', async () => {
    const io = relocatingIO(path.join(PERSISTENT, 'iceberg'));
    const md = await readMetadataFile(io, path.join(PERSISTENT, 'iceberg/lineitem_iceberg/metadata/v2.metadata.json'));
    const [first, second] = md.snapshotLog;
    assert.ok(first && second);
    assert.equal(rows(await new TableScan(io, md, { snapshotId: first.snapshotId }).planFiles()), 60175);
    assert.equal(rows(await new TableScan(io, md).planFiles()), 51793);
    assert.equal(rows(await new TableScan(io, md, { asOfTimestampMs: first.timestampMs }).planFiles()), 60175);
  });

  it('attaches equality deletes only to older data files of the same partition (PyIceberg)', async () => {
    const io = relocatingIO(path.resolve(PERSISTENT, '../..'));
    const md = await readMetadataFile(
      io,
      path.join(PERSISTENT, 'equality_deletes/warehouse/mydb/mytable_partitioned/metadata/v3.metadata.json'),
    );
    const tasks = await new TableScan(io, md).planFiles();
    assert.equal(tasks.length, 4);
    const withDeletes = tasks.filter((t) => t.deleteFiles.length > 0);
    assert.equal(withDeletes.length, 1, 'partition-scoped equality delete');
    assert.equal(withDeletes[0]?.deleteFiles[0]?.file.content, FileContent.EqualityDeletes);
    assert.ok((withDeletes[0]?.deleteFiles[0]?.dataSequenceNumber ?? 0) > (withDeletes[0]?.dataSequenceNumber ?? 0));
    const before = md.snapshotLog[0];
    assert.ok(before);
    const old = await new TableScan(io, md, { snapshotId: before.snapshotId }).planFiles();
    assert.ok(old.every((t) => t.deleteFiles.length === 0));
  });

  it('prunes by identity partition values written by Spark', async () => {
    const io = relocatingIO(path.resolve(PERSISTENT, '../..'));
    const md = await readMetadataFile(io, path.join(PERSISTENT, 'partition_bigint/metadata/v2.metadata.json'));
    const all = await new TableScan(io, md).planFiles();
    assert.equal(all.length, 2);
    const max = await new TableScan(io, md, { filter: eq('partition_col', 9223372036854775807n) }).planFiles();
    assert.equal(max.length, 1);
    assert.equal(max[0]?.dataFile.partition[0], 9223372036854775807n);
    assert.equal((await new TableScan(io, md, { filter: gtEq('partition_col', 0) }).planFiles()).length, 1);
  });
});
