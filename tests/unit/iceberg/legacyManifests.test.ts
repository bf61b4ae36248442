// Manifests other writers produce in older or looser shapes: v1 snapshots listing manifests inline,
// Avro longs in every position (BigQuery's ["null", {"type": "long"}]), v3 deletion-vector fields,
// and the precise error when a required field is null.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  currentSnapshot,
  type DataFile,
  decodeContainer,
  EntryStatus,
  encodeContainer,
  FileContent,
  LocalFileIO,
  liveEntries,
  ManifestContent,
  type ManifestFile,
  newSchema,
  PartitionSpec,
  parseTableMetadata,
  readManifest,
  readManifestList,
  readMetadataFile,
  serializeTableMetadata,
  snapshotManifests,
  TableScan,
  ValidationError,
  writeManifest,
} from '../../../layers/iceberg/index.js';
import { FIXTURES, PERSISTENT, relocatingIO } from './fixtureIO.js';

const io = relocatingIO(FIXTURES);
const V1_TABLE = path.join(PERSISTENT, 'iceberg_v1_deprecated/default/legacy_v1/metadata');
const BIG_QUERY = path.join(PERSISTENT, 'big_query_error/metadata');

describe('format v1 snapshots with inline manifests', () => {
  it('derives the manifest-list entries the snapshot would have had, equal to Spark’s own list', async () => {
    const md = await readMetadataFile(io, path.join(V1_TABLE, 'v2.metadata.json'));
    const snapshot = currentSnapshot(md);
    assert.ok(snapshot);
    assert.equal(snapshot.manifestList, '');
    assert.equal(snapshot.manifests?.length, 1);
    const [derived] = await snapshotManifests(io, snapshot, md);
    // Spark also wrote the manifest list it did not reference: the derivation must agree with it.
    const [spark] = await readManifestList(
      io,
      path.join(V1_TABLE, 'snap-2456114553637229296-1-d65f86b0-b799-467f-b1f4-9c697e4c4fc7.avro'),
    );
    assert.ok(derived && spark);
    const comparable = (m: ManifestFile) => ({
      ...m,
      partitions: m.partitions?.map((p) => ({
        containsNull: p.containsNull,
        lower: p.lowerBound,
        upper: p.upperBound,
      })),
    });
    assert.deepEqual(comparable(derived), comparable(spark));
    assert.equal(derived.addedSnapshotId, 2456114553637229296n);
    assert.equal(derived.addedRowsCount, 3);
  });

  it('plans the snapshot’s files: 3 rows in partitions alpha and beta', async () => {
    const md = await readMetadataFile(io, path.join(V1_TABLE, 'v2.metadata.json'));
    const tasks = await new TableScan(io, md, {}).planFiles();
    assert.deepEqual(tasks.map((t) => t.dataFile.partition).sort(), [['alpha'], ['beta']]);
    assert.equal(
      tasks.reduce((sum, t) => sum + t.dataFile.recordCount, 0),
      3,
    );
    assert.ok(tasks.every((t) => t.dataSequenceNumber === 0));
  });

  it('keeps `manifests` (and no empty manifest-list) when the metadata is written back', async () => {
    const md = await readMetadataFile(io, path.join(V1_TABLE, 'v2.metadata.json'));
    const json = JSON.parse(serializeTableMetadata(md)) as { snapshots: Record<string, unknown>[] };
    assert.deepEqual(json.snapshots[0]?.manifests, currentSnapshot(md)?.manifests);
    assert.equal('manifest-list' in (json.snapshots[0] ?? {}), false);
    assert.deepEqual(
      currentSnapshot(parseTableMetadata(serializeTableMetadata(md)))?.manifests,
      md.snapshots[0]?.manifests,
    );
  });

  it('refuses a snapshot with neither a manifest list nor inline manifests, naming it', async () => {
    const md = await readMetadataFile(io, path.join(V1_TABLE, 'v2.metadata.json'));
    const snapshot = { ...md.snapshots[0], manifests: undefined } as unknown as NonNullable<
      ReturnType<typeof currentSnapshot>
    >;
    await assert.rejects(
      snapshotManifests(io, snapshot, md),
      /snapshot 2456114553637229296 has neither a manifest-list nor inline manifests/,
    );
  });
});

describe('Avro longs decode as bigint wherever they appear', () => {
  it('round-trips longs beyond 2^53 at top level, in unions, arrays, maps, records and logical types', () => {
    const big = 9_007_199_254_740_993n;
    const schema = {
      type: 'record',
      name: 'r',
      fields: [
        { name: 'plain', type: 'long' },
        { name: 'object_form', type: { type: 'long' } },
        { name: 'in_union', type: ['null', 'long'] },
        { name: 'object_in_union', type: ['null', { type: 'long' }] },
        { name: 'in_array', type: { type: 'array', items: { type: 'long' } } },
        { name: 'in_map', type: { type: 'map', values: ['null', 'long'] } },
        { name: 'in_record', type: { type: 'record', name: 'inner', fields: [{ name: 'v', type: { type: 'long' } }] } },
        { name: 'timestamp', type: { type: 'long', logicalType: 'timestamp-micros' } },
      ],
    };
    const record = {
      plain: big,
      object_form: -big,
      in_union: big,
      object_in_union: big + 1n,
      in_array: [big, 1n],
      in_map: { a: big, b: null },
      in_record: { v: big },
      timestamp: big,
    };
    const bytes = encodeContainer(schema, [record], {});
    const [read] = decodeContainer<typeof record>(bytes, 'longs.avro').records;
    assert.deepEqual({ ...read, in_map: { ...read?.in_map }, in_record: { ...read?.in_record } }, record);
  });

  it('reads BigQuery’s manifest list and manifest (every field a nullable union) exactly', async () => {
    const md = await readMetadataFile(io, path.join(BIG_QUERY, 'v1749025517.metadata.json'));
    const [manifest] = await snapshotManifests(io, currentSnapshot(md), md);
    assert.ok(manifest);
    assert.equal(manifest.addedSnapshotId, 5128775320967886225n);
    assert.equal(manifest.addedRowsCount, 2);
    const entries = await liveEntries(io, md, manifest);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.dataFile.recordCount, 2);
    assert.equal(entries[0]?.dataFile.fileSizeInBytes, 956);
    assert.deepEqual(entries[0]?.dataFile.partition, []);
    assert.equal(entries[0]?.snapshotId, 5128775320967886225n, 'inherited from the manifest list');
  });
});

describe('malformed and v3 manifests', () => {
  let dir = '';
  const local = new LocalFileIO();
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'legacy-manifests-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const schema = newSchema([{ name: 'id', type: 'long', required: true }]);
  const spec = new PartitionSpec(0, []);
  const listed = (manifestPath: string): ManifestFile => ({
    manifestPath,
    manifestLength: 0,
    partitionSpecId: 0,
    content: ManifestContent.Data,
    sequenceNumber: 1,
    minSequenceNumber: 1,
    addedSnapshotId: 1n,
    addedFilesCount: 1,
    existingFilesCount: 0,
    deletedFilesCount: 0,
    addedRowsCount: 1,
    existingRowsCount: 0,
    deletedRowsCount: 0,
  });

  it('names the file, entry and field when a required field is null', async () => {
    const location = path.join(dir, 'null-path.avro');
    const nullable = (name: string, type: unknown, id: number) => ({ name, type: ['null', type], 'field-id': id });
    const avroSchema = {
      type: 'record',
      name: 'manifest_entry',
      fields: [
        nullable('status', 'int', 0),
        nullable(
          'data_file',
          {
            type: 'record',
            name: 'data_file',
            fields: [
              nullable('file_path', 'string', 100),
              nullable('file_format', 'string', 101),
              nullable('record_count', 'long', 103),
              nullable('file_size_in_bytes', 'long', 104),
            ],
          },
          2,
        ),
      ],
    };
    const record = {
      status: 1,
      data_file: { file_path: null, file_format: 'PARQUET', record_count: 1n, file_size_in_bytes: 10n },
    };
    await local.write(location, encodeContainer(avroSchema, [record], {}));
    await assert.rejects(
      readManifest(local, listed(location), spec.partitionType(schema)),
      (error: unknown) =>
        error instanceof ValidationError &&
        error.message ===
          `manifest ${location} entry 0 data_file: required field file_path (field id 100) is missing or null`,
    );
  });

  it('exposes referenced_data_file, content_offset and content_size_in_bytes (fields 143-145)', async () => {
    const dv: DataFile = {
      content: FileContent.PositionDeletes,
      filePath: '/t/data/dv.puffin',
      fileFormat: 'PUFFIN',
      specId: 0,
      partition: [],
      recordCount: 2,
      fileSizeInBytes: 200,
      referencedDataFile: '/t/data/a.parquet',
      contentOffset: 4,
      contentSizeInBytes: 42,
    };
    const written = await writeManifest({
      io: local,
      location: path.join(dir, 'dv.avro'),
      spec,
      schema,
      content: ManifestContent.Deletes,
      snapshotId: 1n,
      entries: [{ status: EntryStatus.Added, snapshotId: 1n, dataFile: dv }],
    });
    const header = decodeContainer<unknown>(await local.read(written.manifestPath), written.manifestPath);
    assert.match(header.metadata['avro.schema'] as string, /"field-id":144.*"field-id":145/);
    const { entries } = await readManifest(local, { ...written, sequenceNumber: 1 }, spec.partitionType(schema));
    assert.equal(entries[0]?.dataFile.referencedDataFile, '/t/data/a.parquet');
    assert.equal(entries[0]?.dataFile.contentOffset, 4);
    assert.equal(entries[0]?.dataFile.contentSizeInBytes, 42);

    // A manifest without deletion vectors keeps the v2 layout (no 144/145 fields).
    const plain = await writeManifest({
      io: local,
      location: path.join(dir, 'plain.avro'),
      spec,
      schema,
      content: ManifestContent.Data,
      snapshotId: 1n,
      entries: [
        {
          status: EntryStatus.Added,
          snapshotId: 1n,
          dataFile: {
            ...dv,
            content: FileContent.Data,
            fileFormat: 'PARQUET',
            contentOffset: undefined,
            contentSizeInBytes: undefined,
            referencedDataFile: undefined,
          },
        },
      ],
    });
    const plainHeader = decodeContainer<unknown>(await local.read(plain.manifestPath), plain.manifestPath);
    assert.doesNotMatch(plainHeader.metadata['avro.schema'] as string, /"field-id":14[45]/);
  });

  it('reads the deletion vector of the v3 fixture written by PyIceberg', async () => {
    const table = path.join(PERSISTENT, 'legacy_bare_deletion_vector/warehouse/default/legacy_bare_deletion_vector');
    const md = await readMetadataFile(io, path.join(table, 'metadata/00002-legacy-bare-dv.metadata.json'));
    const manifests = await snapshotManifests(io, currentSnapshot(md), md);
    const deletes = manifests.filter((m) => m.content === ManifestContent.Deletes);
    const entries = (await Promise.all(deletes.map((m) => liveEntries(io, md, m)))).flat();
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.dataFile.contentOffset, 0);
    assert.equal(entries[0]?.dataFile.contentSizeInBytes, 42);
    assert.match(
      entries[0]?.dataFile.referencedDataFile ?? '',
      /00000-0-cac6cfea-266f-44f8-9a3a-70dd8fb68014\.parquet$/,
    );
  });
});
