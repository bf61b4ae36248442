// Table metadata: every fixture metadata file (v1, v2, gzip) parses, round-trips, keeps 63-bit ids.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  LocalFileIO,
  parseTableMetadata,
  readMetadataFile,
  serializeTableMetadata,
  snapshotAsOf,
  ValidationError,
} from '../../../layers/iceberg/index.js';
import { PERSISTENT } from './fixtureIO.js';

function metadataFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return metadataFiles(full);
    return name.endsWith('.metadata.json') ? [full] : [];
  });
}

const BROKEN = new Set(['big_query_error/metadata/v0.metadata.json']);

describe('table metadata of the fixtures', () => {
  const files = metadataFiles(PERSISTENT);
  it('finds the fixtures', () => assert.ok(files.length > 100, `${files.length} metadata files under ${PERSISTENT}`));

  it('parses every valid file and round-trips it', async () => {
    const io = new LocalFileIO();
    for (const file of files) {
      const relative = path.relative(PERSISTENT, file);
      if (BROKEN.has(relative)) continue;
      const md = await readMetadataFile(io, file);
      const again = parseTableMetadata(serializeTableMetadata(md));
      assert.equal(serializeTableMetadata(again), serializeTableMetadata(md), relative);
      assert.equal(again.snapshots.length, md.snapshots.length);
      if (md.currentSnapshotId !== undefined) assert.equal(md.refs.main?.snapshotId, md.currentSnapshotId, relative);
    }
  });

  it('rejects metadata without required fields with a clear error', async () => {
    await assert.rejects(
      readMetadataFile(new LocalFileIO(), path.join(PERSISTENT, [...BROKEN][0] as string)),
      (e: unknown) => e instanceof ValidationError && /format-version/.test(e.message),
    );
  });

  it('keeps snapshot ids exact and resolves time travel (lineitem, Spark v2)', async () => {
    const md = await readMetadataFile(
      new LocalFileIO(),
      path.join(PERSISTENT, 'iceberg/lineitem_iceberg/metadata/v2.metadata.json'),
    );
    assert.deepEqual(
      md.snapshots.map((s) => s.snapshotId),
      [7817332053627255703n, 2354745328521181395n],
    );
    const first = md.snapshotLog[0];
    assert.ok(first);
    assert.equal(snapshotAsOf(md, first.timestampMs)?.snapshotId, first.snapshotId);
    assert.equal(snapshotAsOf(md, first.timestampMs - 1), undefined);
  });

  it('reads v1 metadata (single schema and partition-spec) and writes it back as v1', async () => {
    const file = path.join(PERSISTENT, 'iceberg_v1_deprecated/default/legacy_v1/metadata/v2.metadata.json');
    const md = await readMetadataFile(new LocalFileIO(), file);
    assert.equal(md.formatVersion, 1);
    assert.ok(md.schemas.length >= 1);
    assert.ok(md.partitionSpecs.length >= 1);
    assert.ok(md.snapshots.every((s) => s.sequenceNumber === 0));
    const json = JSON.parse(serializeTableMetadata(md));
    assert.ok(json.schema && json['partition-spec'], 'v1 keeps the single schema and partition-spec keys');
  });
});
