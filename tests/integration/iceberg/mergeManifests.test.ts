// Manifest merging on append and overwrite: the manifest list stays short, and every snapshot,
// incremental scan and sequence number reads as it would without merging.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  EntryStatus,
  eq,
  identity,
  manifestEntries,
  newSchema,
  snapshotManifests,
  type Table,
} from '../../../layers/iceberg/index.js';
import { type TempCatalog, tempCatalog } from './helpers.js';
import { rowsOf } from './rows.js';

const MIN_COUNT = 4;

describe('manifest merging', () => {
  let env: TempCatalog;
  let table: Table;
  /** Per committed snapshot: the ids it should show. */
  const expected = new Map<bigint, number[]>();

  before(async () => {
    env = await tempCatalog();
    await env.catalog.createNamespace('bronze');
    table = await env.catalog.createTable('bronze.events', {
      schema: newSchema([
        { name: 'id', type: 'long', required: true },
        { name: 'kind', type: 'string', required: true },
      ]),
      partitionSpec: [{ source: 'kind', transform: identity }],
      properties: { 'commit.manifest.min-count-to-merge': String(MIN_COUNT) },
    });
  });
  after(() => env.cleanup());

  async function listed(snapshotId: bigint) {
    const snapshot = table.metadata.snapshots.find((s) => s.snapshotId === snapshotId);
    return snapshotManifests(table.io, snapshot, table.metadata);
  }

  async function ids(snapshotId: bigint): Promise<number[]> {
    const rows = await rowsOf(table, await table.scan({ snapshotId }).planFiles(), 'id');
    return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  }

  it('keeps at most min-count-to-merge manifests over many merge appends', async () => {
    let live: number[] = [];
    for (let id = 1; id <= 3 * MIN_COUNT + 1; id += 1) {
      const kind = id % 2 === 0 ? 'even' : 'odd';
      const snapshot = await table
        .newMergeAppend()
        .appendQuery(`SELECT ${id}::BIGINT AS id, '${kind}' AS kind`)
        .commit();
      live = [...live, id];
      expected.set(snapshot.snapshotId, live);
      assert.ok((await listed(snapshot.snapshotId)).length <= MIN_COUNT, `too many manifests after append ${id}`);
    }
    const manifests = await listed(table.metadata.currentSnapshotId as bigint);
    const statuses = (await Promise.all(manifests.map((m) => manifestEntries(table.io, table.metadata, m)))).flat();
    assert.ok(
      statuses.some((entry) => entry.status === EntryStatus.Existing),
      'a merged manifest carries EXISTING entries',
    );
  });

  it('keeps every file with the sequence number of the snapshot that added it', async () => {
    const current = table.metadata.currentSnapshotId as bigint;
    const bySnapshot = new Map(table.metadata.snapshots.map((s) => [s.snapshotId, s.sequenceNumber]));
    for (const manifest of await listed(current)) {
      for (const entry of await manifestEntries(table.io, table.metadata, manifest)) {
        assert.equal(
          entry.sequenceNumber,
          bySnapshot.get(entry.snapshotId),
          `data sequence of ${entry.dataFile.filePath}`,
        );
        assert.equal(entry.fileSequenceNumber, bySnapshot.get(entry.snapshotId));
      }
    }
  });

  it('merges on overwrite too, and every snapshot still reads its own rows', async () => {
    const snapshot = await table
      .newOverwrite(eq('kind', 'even'))
      .appendQuery(`SELECT 100::BIGINT AS id, 'even' AS kind`)
      .commit();
    const before = expected.get(snapshot.parentSnapshotId as bigint) ?? [];
    expected.set(snapshot.snapshotId, [...before.filter((id) => id % 2 === 1), 100]);
    assert.ok((await listed(snapshot.snapshotId)).length <= MIN_COUNT);
    for (const [snapshotId, live] of expected) assert.deepEqual(await ids(snapshotId), live, `snapshot ${snapshotId}`);
  });

  it('gives incremental scans exactly the files appended in between, across merges', async () => {
    const lineage = [...expected.keys()].slice(0, 3 * MIN_COUNT + 1);
    for (let from = 0; from < lineage.length; from += 3) {
      for (let to = from + 1; to < lineage.length; to += 2) {
        const tasks = await table.incrementalAppendScan(lineage[from] as bigint, lineage[to] as bigint).planFiles();
        const got = (await rowsOf(table, tasks, 'id')).map((row) => Number(row.id)).sort((a, b) => a - b);
        assert.deepEqual(
          got,
          Array.from({ length: to - from }, (_, i) => from + i + 2),
          `from ${from} to ${to}`,
        );
      }
    }
  });
});
