/**
 * The bound on kept branches (failed audits): keeping one more past the bound drops the oldest, on
 * both table stores, and leaves every other branch and main alone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { branchesToDrop, MeteredTableStore, PipelineMetrics, type TableDef } from '../../../layers/pipeline/index.js';
import { memoryPipeline } from './memoryPipeline.js';

describe('branchesToDrop', () => {
  const bound = { prefix: 'audit-failed-', max: 3 };
  it('drops the oldest under the prefix so that, with the new one, at most max remain', () => {
    const existing = [
      { name: 'audit-failed-3', committedAtMs: 30 },
      { name: 'audit-failed-1', committedAtMs: 10 },
      { name: 'dev', committedAtMs: 1 },
      { name: 'audit-failed-2', committedAtMs: 20 },
    ];
    assert.deepEqual(branchesToDrop(existing, 'audit-failed-4', bound), ['audit-failed-1']);
    assert.deepEqual(branchesToDrop(existing, 'audit-failed-4', { ...bound, max: 1 }), [
      'audit-failed-1',
      'audit-failed-2',
      'audit-failed-3',
    ]);
    assert.deepEqual(branchesToDrop(existing, 'audit-failed-4', { ...bound, max: 8 }), []);
  });

  it('does not count the branch being kept again (a failure repeating on the same main)', () => {
    const existing = [
      { name: 'audit-failed-1', committedAtMs: 10 },
      { name: 'audit-failed-2', committedAtMs: 20 },
      { name: 'audit-failed-3', committedAtMs: 30 },
    ];
    assert.deepEqual(branchesToDrop(existing, 'audit-failed-3', bound), []);
  });
});

const table: TableDef = {
  namespace: 'ops',
  name: 'kept_branches_test',
  columns: [{ name: 'n', type: 'bigint', doc: 'a number', required: true }],
  partitionBy: [],
};

// 'metered': the Pipeline's own wrapper (MeteredTableStore) over the memory store must pass the bound on.
for (const kind of ['memory', 'iceberg', 'metered'] as const)
  describe(`keepBranch with a bound on the ${kind} table store`, () => {
    let ctx: Awaited<ReturnType<typeof memoryPipeline>>;
    before(async () => {
      const base = await memoryPipeline(kind === 'metered' ? 'memory' : kind);
      ctx = kind === 'metered' ? { ...base, store: new MeteredTableStore(base.store, new PipelineMetrics()) } : base;
      await ctx.store.ensure(table);
    });
    after(() => ctx.close());

    const branchRows = async (branch: string): Promise<number | undefined> => {
      try {
        await ctx.store.scan(ctx.conn, table, 'kept_read', undefined, branch);
      } catch {
        return undefined;
      }
      return Number((await ctx.conn.runAndReadAll('select sum(n) from kept_read')).getRows()[0]?.[0]);
    };

    it('keeps the newest failed audits up to the bound, and main and other branches stay', async () => {
      let main = await ctx.store.append(ctx.conn, table, 'select 1::bigint as n', {
        properties: {},
        expectedSnapshotId: undefined,
      });
      await ctx.store.append(ctx.conn, table, 'select 100::bigint as n', {
        properties: {},
        expectedSnapshotId: main,
        branch: 'dev',
      });
      for (let i = 1; i <= 4; i++) {
        // A failed audit: staged on the audit branch, kept under a name of its own.
        await ctx.store.append(ctx.conn, table, `select ${i * 10}::bigint as n`, {
          properties: {},
          expectedSnapshotId: main,
          branch: 'audit',
        });
        await ctx.store.keepBranch(ctx.conn, table, 'audit', `audit-failed-${i}`, { prefix: 'audit-failed-', max: 2 });
        // Main moves on, so the next failure is kept under another name.
        main = await ctx.store.append(ctx.conn, table, 'select 0::bigint as n', {
          properties: {},
          expectedSnapshotId: main,
        });
      }
      assert.equal(await branchRows('audit-failed-1'), undefined);
      assert.equal(await branchRows('audit-failed-2'), undefined);
      // Each kept branch holds main as it was (1, plus the zeros main had gained) and its own rows.
      assert.equal(await branchRows('audit-failed-3'), 31);
      assert.equal(await branchRows('audit-failed-4'), 41);
      assert.equal(await branchRows('dev'), 101);
      await ctx.store.scan(ctx.conn, table, 'kept_main');
      assert.equal(Number((await ctx.conn.runAndReadAll('select count(*) from kept_main')).getRows()[0]?.[0]), 5);
    });
  });
