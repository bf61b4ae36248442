// The metadata log keeps exactly the last `write.metadata.previous-versions-max` metadata files, and
// with `write.metadata.delete-after-commit.enabled` the files that fall out of it are deleted.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { localPathOf, newSchema } from '../../../layers/iceberg/index.js';
import { type TempCatalog, tempCatalog } from './helpers.js';

const MAX = 4;

describe('metadata log', () => {
  let env: TempCatalog;
  before(async () => {
    env = await tempCatalog();
    await env.catalog.createNamespace('n');
  });
  after(() => env.cleanup());

  for (const deleteAfterCommit of [true, false]) {
    it(`keeps the last ${MAX} previous files${deleteAfterCommit ? ' and deletes the rest' : ''}`, async () => {
      const table = await env.catalog.createTable(`n.t_${deleteAfterCommit}`, {
        schema: newSchema([{ name: 'a', type: 'long', required: true }]),
        properties: {
          'write.metadata.previous-versions-max': String(MAX),
          'write.metadata.delete-after-commit.enabled': String(deleteAfterCommit),
        },
      });
      const locations = [table.metadataLocation];
      for (let i = 0; i < 3 * MAX; i += 1) {
        await table.newAppend().appendQuery(`SELECT ${i}::BIGINT AS a`).commit();
        assert.deepEqual(
          table.metadata.metadataLog.map((entry) => entry.metadataFile),
          locations.slice(-MAX),
          `metadata log after commit ${i + 1}`,
        );
        locations.push(table.metadataLocation);
      }
      const dir = path.dirname(localPathOf(table.metadataLocation));
      const files = (await readdir(dir)).filter((file) => file.endsWith('.metadata.json')).sort();
      const expected = deleteAfterCommit ? locations.slice(-(MAX + 1)) : locations;
      assert.deepEqual(files, expected.map((location) => path.basename(location)).sort());
    });
  }
});
