import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  goldOhlcv1m,
  loadModelProject,
  type Model,
  modelScope,
  orderModels,
  PipelineError,
  runModelAssertions,
} from '../../../layers/pipeline/index.js';
import { memoryPipeline } from './memoryPipeline.js';

const model = (name: string, refs: string[]): Model => ({
  name,
  namespace: 'gold',
  description: '',
  sql: '',
  grain: 'minute',
  timeColumn: 'bucket_start',
  lookbackHours: 0,
  refs,
  sources: [],
  tests: [],
  table: goldOhlcv1m,
});

describe('gold model project', () => {
  it('loads sql/gold with refs resolved into a DAG and tests declared beside each model', async () => {
    const project = await loadModelProject('sql');
    const names = project.models.map((m) => m.name);
    assert.deepEqual([...names].sort(), ['daily_metrics', 'latest_prices', 'ohlcv_1h', 'ohlcv_1m']);
    assert.ok(names.indexOf('ohlcv_1m') < names.indexOf('ohlcv_1h'));
    assert.ok(names.indexOf('ohlcv_1m') < names.indexOf('daily_metrics'));
    const daily = project.models.find((m) => m.name === 'daily_metrics');
    assert.deepEqual(daily?.refs, ['ohlcv_1m']);
    assert.deepEqual(daily?.sources, ['silver.trades']);
    assert.ok(project.models.every((m) => m.tests.some((t) => t.kind === 'unique')));
    assert.ok(project.macros.length > 0);
  });

  it('rejects cycles and unknown refs', () => {
    assert.throws(
      () => orderModels([model('a', ['b']), model('b', ['a'])]),
      /cycle: .*a -> b -> a|cycle: .*b -> a -> b/,
    );
    assert.throws(() => orderModels([model('a', ['missing'])]), /unknown model missing/);
  });

  it('rejects a model config with an unknown grain', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'models-'));
    try {
      await mkdir(path.join(dir, 'gold'));
      await writeFile(path.join(dir, 'gold', 'x.sql'), 'select 1');
      await writeFile(path.join(dir, 'gold', 'x.yml'), 'grain: week\n');
      await assert.rejects(loadModelProject(dir), /grain must be one of/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails a model whose declared tests do not hold, naming the test', async () => {
    const ctx = await memoryPipeline();
    try {
      await ctx.conn.run(
        "create temp table out as select * from (values ('BTC-USD', 1, 2), ('BTC-USD', 1, 3)) t(product_id, k, v)",
      );
      const checked: Model = {
        ...model('t', []),
        tests: [{ kind: 'unique', columns: ['product_id', 'k'] }],
      };
      await assert.rejects(runModelAssertions(ctx.conn, checked, 'out'), (error: unknown) => {
        assert.ok(error instanceof PipelineError);
        assert.equal(error.retriable, false);
        assert.match(error.message, /unique\(product_id, k\) failed on 1 row/);
        return true;
      });
      await runModelAssertions(ctx.conn, { ...checked, tests: [{ kind: 'expression', expression: 'v > 1' }] }, 'out');
    } finally {
      await ctx.close();
    }
  });

  it('rebuilds whole buckets of the grain around the changed trades', () => {
    const minute = 60_000_000n;
    const scope = modelScope('hour', 'bucket_start', 0, [
      { productId: 'BTC-USD', minUs: 61n * minute, maxUs: 130n * minute },
    ]);
    assert.deepEqual(scope.output.ranges, [{ key: 'BTC-USD', fromUs: 60n * minute, toUs: 180n * minute }]);
    const latest = modelScope('product', undefined, 24, [{ productId: 'ETH-USD', minUs: 0n, maxUs: 100n * minute }]);
    assert.deepEqual(latest.output.ranges, [{ key: 'ETH-USD' }]);
    assert.deepEqual(latest.input('exchange_time').ranges, [
      { key: 'ETH-USD', fromUs: 100n * minute - 1440n * minute },
    ]);
  });
});
