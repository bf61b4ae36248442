/**
 * Whole-table audits over a pipeline run: a clean feed passes every blocking expectation of every
 * suite, results land in ops.quality_results, and a corrupted gold candle is reported with a sample.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  auditTables,
  buildGold,
  loadModelProject,
  opsQualityResults,
  promoteSilver,
  writeBronze,
} from '../../../layers/pipeline/index.js';
import { blockingFailures, loadSuites, type Suite } from '../../../layers/quality/index.js';
import { generateFeed, toRecords } from './feeds.js';
import { memoryPipeline } from './memoryPipeline.js';

describe('whole-table audits of a pipeline run', () => {
  let ctx: Awaited<ReturnType<typeof memoryPipeline>>;
  let suites: Suite[];

  before(async () => {
    ctx = await memoryPipeline('memory');
    suites = await loadSuites('sql/quality');
    const feed = generateFeed({
      seed: 5,
      products: ['BTC-USD', 'ETH-USD'],
      tradesPerProduct: 300,
      startUs: 1_618_677_000_000_000n,
      spanUs: 2n * 3_600_000_000n,
    });
    await writeBronze(ctx, toRecords(feed.frames, 'coinbase.raw', 3));
    await promoteSilver(ctx);
    await buildGold(ctx, await loadModelProject('sql'));
  });
  after(() => ctx.close());

  it('passes every blocking expectation on a clean feed and records every result', async () => {
    const results = await auditTables(ctx, suites);
    assert.deepEqual(
      blockingFailures(results).map((r) => `${r.table}: ${r.expectation}: ${r.observed}`),
      [],
    );
    assert.equal(
      results.length,
      suites.reduce((n, suite) => n + suite.expectations.length, 0),
    );
    await ctx.store.scan(ctx.conn, opsQualityResults, 'recorded');
    const recorded = await ctx.conn.runAndReadAll(
      `select count(*), count(*) filter (where scope = 'table') from recorded`,
    );
    assert.deepEqual(recorded.getRows()[0]?.map(Number), [results.length, results.length]);
  });

  it('reports a candle that disagrees with silver, with the bad row as a sample', async () => {
    await ctx.conn.run(
      `update "__lakehouse_gold__ohlcv_1m" set trade_count = trade_count + 1
       where product_id = 'BTC-USD'
         and bucket_start = (select min(bucket_start) from "__lakehouse_gold__ohlcv_1m" where product_id = 'BTC-USD')`,
    );
    const results = await auditTables(
      ctx,
      suites.filter((suite) => suite.table === 'gold.ohlcv_1m'),
    );
    const failed = blockingFailures(results);
    assert.equal(failed.length, 1);
    assert.match(failed[0]?.expectation ?? '', /trade_count equals silver's count/);
    assert.equal(failed[0]?.observed, '1 unexpected row');
    const [sample] = JSON.parse(failed[0]?.sample ?? '[]') as { trade_count: string; silver_trades: string }[];
    assert.equal(Number(sample?.trade_count), Number(sample?.silver_trades) + 1);
  });
});
