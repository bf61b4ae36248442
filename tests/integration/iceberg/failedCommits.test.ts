// A commit that definitely fails leaves none of the files it wrote; the operation cannot be reused.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eq, localPathOf, newSchema, type Table } from '../../../layers/iceberg/index.js';
import { filesOnDisk, neededFiles, type TempCatalog, tempCatalog } from './helpers.js';

describe('failed commits', () => {
  let env: TempCatalog;
  let table: Table;
  before(async () => {
    env = await tempCatalog();
    await env.catalog.createNamespace('n');
    table = await env.catalog.createTable('n.t', {
      schema: newSchema([{ name: 'id', type: 'long', required: true }]),
    });
    for (let id = 1; id <= 3; id += 1) await table.newAppend().appendQuery(`SELECT ${id}::BIGINT AS id`).commit();
  });
  after(() => env.cleanup());

  it('removes the data files and manifests of a commit that no longer applies', async () => {
    const dir = path.dirname(path.dirname(localPathOf(table.metadataLocation)));
    const overwrite = table
      .newOverwrite(eq('id', 2))
      .appendQuery('SELECT 20::BIGINT AS id')
      .deleteFile(`${table.metadata.location}/data/gone.parquet`);
    await assert.rejects(overwrite.commit(), /no longer live/);
    assert.deepEqual([...(await filesOnDisk(dir))].sort(), [...(await neededFiles(table))].sort());
    await assert.rejects(overwrite.commit(), /already failed/);
  });
});
