// N async writers append to one table in one process: every append lands exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ancestorsOf, identity, newSchema, TableAlreadyExistsError } from '../../../layers/iceberg/index.js';
import { type TempCatalog, tempCatalog } from './helpers.js';
import { totalRecords } from './rows.js';

const WRITERS = 8;

describe('concurrent appends (one process)', () => {
  let env: TempCatalog;
  before(async () => {
    env = await tempCatalog();
    await env.catalog.createNamespace('bronze');
    await env.catalog.createTable('bronze.events', {
      schema: newSchema([
        { name: 'writer', type: 'int', required: true },
        { name: 'seq', type: 'long', required: true },
      ]),
      partitionSpec: [{ source: 'writer', transform: identity }],
      properties: {
        'commit.retry.num-retries': '50',
        'commit.retry.min-wait-ms': '5',
        'commit.retry.max-wait-ms': '100',
      },
    });
  });
  after(() => env.cleanup());

  it(`lands ${WRITERS} concurrent appends exactly once each`, async () => {
    const results = await Promise.all(
      Array.from({ length: WRITERS }, async (_, writer) => {
        const table = await env.catalog.loadTable('bronze.events');
        return table
          .newAppend()
          .appendQuery(`SELECT ${writer}::INTEGER AS writer, i::BIGINT AS seq FROM range(0, ${writer + 1}) r(i)`)
          .set('writer', String(writer))
          .commit();
      }),
    );
    const table = await env.catalog.loadTable('bronze.events');
    const lineage = ancestorsOf(table.metadata, table.metadata.currentSnapshotId);
    assert.equal(lineage.length, WRITERS, 'one snapshot per append, all on main');
    const writers = lineage.map((s) => Number(s.summary.writer)).sort((a, b) => a - b);
    assert.deepEqual(
      writers,
      Array.from({ length: WRITERS }, (_, i) => i),
    );
    assert.deepEqual(new Set(results.map((s) => s.snapshotId)), new Set(lineage.map((s) => s.snapshotId)));
    const expectedRows = (WRITERS * (WRITERS + 1)) / 2;
    assert.equal(totalRecords(await table.scan().planFiles()), expectedRows);
    assert.equal(table.currentSnapshot()?.summary['total-records'], String(expectedRows));
    assert.deepEqual(
      lineage.map((s) => s.sequenceNumber).sort((a, b) => a - b),
      Array.from({ length: WRITERS }, (_, i) => i + 1),
    );
  });

  it('lets exactly one of several concurrent creates of a table win', async () => {
    const schema = newSchema([{ name: 'x', type: 'long' }]);
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => env.catalog.createTable('bronze.raced', { schema })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results)
      if (r.status === 'rejected') assert.ok(r.reason instanceof TableAlreadyExistsError, String(r.reason));
  });
});
