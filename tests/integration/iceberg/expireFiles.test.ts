// Snapshot expiry deletes exactly the files no remaining snapshot needs: checked against every file
// on disk after appends, merges, an overwrite, a compaction, on a linear history and with a branch.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sharedConnection } from '../../../layers/engine/index.js';
import { compactDataFiles, eq, identity, localPathOf, newSchema } from '../../../layers/iceberg/index.js';
import { filesOnDisk, neededFiles, type TempCatalog, tempCatalog } from './helpers.js';
import { rowsOf } from './rows.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

describe('snapshot expiry file cleanup', () => {
  let env: TempCatalog;
  before(async () => {
    env = await tempCatalog();
    await env.catalog.createNamespace('n');
  });
  after(() => env.cleanup());

  for (const withBranch of [false, true]) {
    it(`deletes exactly the unneeded files${withBranch ? ' (with a branch: full reachability)' : ' (linear history)'}`, async () => {
      const table = await env.catalog.createTable(`n.t_${withBranch}`, {
        schema: newSchema([
          { name: 'id', type: 'long', required: true },
          { name: 'kind', type: 'string', required: true },
        ]),
        partitionSpec: [{ source: 'kind', transform: identity }],
        properties: { 'commit.manifest.min-count-to-merge': '3' },
      });
      const dir = path.dirname(path.dirname(localPathOf(table.metadataLocation)));
      const append = async (id: number) => {
        await table
          .newMergeAppend()
          .appendQuery(`SELECT ${id}::BIGINT AS id, '${id % 2 === 0 ? 'even' : 'odd'}' AS kind`)
          .commit();
        await tick();
      };
      for (let id = 1; id <= 8; id += 1) await append(id);
      await table.newOverwrite(eq('kind', 'odd')).appendQuery(`SELECT 101::BIGINT AS id, 'odd' AS kind`).commit();
      await tick();
      if (withBranch) {
        // A branch that diverges from main: the history is no longer linear.
        await table.manageSnapshots().createBranch('audit').commit();
        await table.newAppend().appendQuery(`SELECT 500::BIGINT AS id, 'odd' AS kind`).toBranch('audit').commit();
      }
      for (let id = 9; id <= 14; id += 1) await append(id);
      await compactDataFiles(table, { connection: await sharedConnection(), minInputFiles: 2 });
      await tick();
      for (let id = 15; id <= 16; id += 1) await append(id);
      const cutoff = Date.now();
      await tick();
      await append(17);

      const expected = (await rowsOf(table, await table.scan().planFiles(), 'id')).map((r) => Number(r.id)).sort();
      const result = await table.expireSnapshots().expireOlderThan(cutoff).commit();
      assert.ok(result.expiredSnapshotIds.length > 5, `expired ${result.expiredSnapshotIds.length}`);
      const onDisk = await filesOnDisk(dir);
      const keep = await neededFiles(table);
      assert.deepEqual(
        [...onDisk].filter((file) => !keep.has(file)),
        [],
        'files left that no snapshot needs',
      );
      assert.deepEqual(
        [...keep].filter((file) => !onDisk.has(file)),
        [],
        'files deleted that a snapshot needs',
      );
      const after = (await rowsOf(table, await table.scan().planFiles(), 'id')).map((r) => Number(r.id)).sort();
      assert.deepEqual(after, expected);
    });
  }
});
