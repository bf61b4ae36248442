// Manifests and manifest lists: written with field ids and header keys, read back; Spark/PyIceberg ones read.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  bucket,
  buildPartitionSpec,
  type DataFile,
  day,
  decodeContainer,
  EntryStatus,
  FileContent,
  identity,
  LocalFileIO,
  liveEntries,
  ManifestContent,
  newSchema,
  readManifest,
  readManifestList,
  readMetadataFile,
  snapshotManifests,
  toBytes,
  truncate,
  writeManifest,
  writeManifestList,
} from '../../../layers/iceberg/index.js';
import { PERSISTENT, relocatingIO } from './fixtureIO.js';

const schema = newSchema([
  { name: 'id', type: 'long', required: true },
  { name: 'price', type: 'decimal(18, 8)' },
  { name: 'ts', type: 'timestamptz' },
  { name: 'product', type: 'string' },
  { name: 'key', type: 'uuid' },
]);
const spec = buildPartitionSpec(schema, [
  { source: 'ts', transform: day },
  { source: 'product', transform: bucket(8) },
  { source: 'price', transform: identity },
  { source: 'product', transform: truncate(2) },
  { source: 'key', transform: identity },
]);

function dataFile(i: number): DataFile {
  return {
    content: FileContent.Data,
    filePath: `/warehouse/t/data/file-${i}.parquet`,
    fileFormat: 'PARQUET',
    specId: spec.specId,
    partition: [19723 + i, i % 8, 123_45678901n * BigInt(i), 'BT', 'f79c3e09-677c-4bbd-a479-3f349cb785e7'],
    recordCount: 1000 + i,
    fileSizeInBytes: 4096 + i,
    valueCounts: new Map([[1, 1000 + i]]),
    nullValueCounts: new Map([[1, 0]]),
    lowerBounds: new Map([[1, toBytes('long', BigInt(i))]]),
    upperBounds: new Map([[1, toBytes('long', 9_007_199_254_740_993n)]]),
  };
}

describe('manifest round trip', () => {
  let dir = '';
  const io = new LocalFileIO();
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'manifest-test-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('writes field ids and header keys, and reads entries back with inheritance', async () => {
    const snapshotId = 9_223_372_036_854_775_000n;
    const manifest = await writeManifest({
      io,
      location: path.join(dir, 'm0.avro'),
      spec,
      schema,
      content: ManifestContent.Data,
      snapshotId,
      entries: [1, 2, 3].map((i) => ({ status: EntryStatus.Added, snapshotId, dataFile: dataFile(i) })),
    });
    const file = decodeContainer<unknown>(await io.read(manifest.manifestPath), manifest.manifestPath);
    for (const key of ['schema', 'schema-id', 'partition-spec', 'partition-spec-id', 'format-version', 'content'])
      assert.ok(file.metadata[key] !== undefined, `header key ${key}`);
    assert.equal(file.metadata['format-version'], '2');
    assert.match(file.metadata['avro.schema'] as string, /"field-id":102/);
    assert.match(file.metadata['avro.schema'] as string, /"field-id":1000/);
    assert.equal(manifest.addedFilesCount, 3);
    assert.equal(manifest.addedRowsCount, 3006);

    const listed = { ...manifest, sequenceNumber: 7, minSequenceNumber: 7 };
    const listLocation = path.join(dir, 'snap.avro');
    await writeManifestList(io, listLocation, { snapshotId, sequenceNumber: 7 }, [listed]);
    const [read] = await readManifestList(io, listLocation);
    assert.ok(read);
    assert.equal(read.addedSnapshotId, snapshotId);
    assert.equal(read.sequenceNumber, 7);
    assert.equal(read.partitions?.length, 5);

    const { entries } = await readManifest(io, read, spec.partitionType(schema));
    assert.equal(entries.length, 3);
    const [first] = entries;
    assert.ok(first);
    assert.equal(first.sequenceNumber, 7, 'inherited from the manifest list');
    assert.equal(first.fileSequenceNumber, 7);
    assert.equal(first.snapshotId, snapshotId);
    assert.deepEqual(first.dataFile.partition, dataFile(1).partition);
    assert.deepEqual(first.dataFile.upperBounds?.get(1), toBytes('long', 9_007_199_254_740_993n));
    assert.equal(first.dataFile.recordCount, 1001);
  });
});

describe('manifests written by other engines', () => {
  it('reads Spark v2 lineitem: 60175 then 51793 live rows', async () => {
    const io = relocatingIO(path.join(PERSISTENT, 'iceberg'));
    const md = await readMetadataFile(io, path.join(PERSISTENT, 'iceberg/lineitem_iceberg/metadata/v2.metadata.json'));
    const counts: number[] = [];
    for (const snapshot of [...md.snapshots].sort((a, b) => a.sequenceNumber - b.sequenceNumber)) {
      let rows = 0;
      for (const manifest of await snapshotManifests(io, snapshot, md))
        for (const entry of await liveEntries(io, md, manifest)) rows += entry.dataFile.recordCount;
      counts.push(rows);
    }
    assert.deepEqual(counts, [60175, 51793]);
  });

  it('reads PyIceberg equality deletes with sequence numbers', async () => {
    const io = relocatingIO(path.resolve(PERSISTENT, '../..'));
    const md = await readMetadataFile(
      io,
      path.join(PERSISTENT, 'equality_deletes/warehouse/mydb/mytable_partitioned/metadata/v3.metadata.json'),
    );
    const current = md.snapshots.find((s) => s.snapshotId === md.currentSnapshotId);
    const manifests = await snapshotManifests(io, current, md);
    const deletes = manifests.filter((m) => m.content === ManifestContent.Deletes);
    assert.equal(deletes.length, 1);
    const entries = await liveEntries(io, md, deletes[0] as (typeof deletes)[number]);
    assert.equal(entries[0]?.dataFile.content, FileContent.EqualityDeletes);
    assert.ok((entries[0]?.dataFile.equalityIds?.length ?? 0) > 0);
    assert.equal(entries[0]?.sequenceNumber, 2);
  });
});
