/**
 * PipelineMetrics records what the steps report: records in and out per step and table, commits
 * timed once per commit readers see (write-audit-publish included), freshness per layer, and table
 * state from the heads the commit path reads anyway.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDuckDB } from '../../../../layers/engine/index.js';
import { DuckDBTableStore, noCommitNotifier, Pipeline, PipelineMetrics } from '../../../../layers/pipeline/index.js';
import { hasSample, parseExposition, type Sample, sampleSum } from '../../../helpers/exposition.js';
import { generateFeed, toRecords } from '../feeds.js';

const scrape = async (metrics: PipelineMetrics): Promise<Sample[]> => parseExposition(await metrics.registry.metrics());

describe('PipelineMetrics', () => {
  it('counts invocations, times them and classifies errors by retriable', async () => {
    const metrics = new PipelineMetrics();
    metrics.invoked('bronzeWriter', 0.2);
    metrics.invoked('bronzeWriter', 0.03, { retriable: true });
    metrics.invoked('goldBuilder', 2, { retriable: false });
    const samples = await scrape(metrics);
    assert.equal(sampleSum(samples, 'lakehouse_function_invocations_total', { function: 'bronzeWriter' }), 2);
    assert.equal(
      sampleSum(samples, 'lakehouse_function_errors_total', { function: 'bronzeWriter', retriable: 'true' }),
      1,
    );
    assert.equal(
      sampleSum(samples, 'lakehouse_function_errors_total', { function: 'bronzeWriter', retriable: 'false' }),
      0,
    );
    assert.equal(
      sampleSum(samples, 'lakehouse_function_errors_total', { function: 'goldBuilder', retriable: 'false' }),
      1,
    );
    assert.equal(sampleSum(samples, 'lakehouse_function_duration_seconds_count', { function: 'bronzeWriter' }), 2);
    assert.ok(
      Math.abs(sampleSum(samples, 'lakehouse_function_duration_seconds_sum', { function: 'bronzeWriter' }) - 0.23) <
        1e-9,
    );
    assert.equal(
      sampleSum(samples, 'lakehouse_function_duration_seconds_bucket', { function: 'goldBuilder', le: '1' }),
      0,
    );
    assert.equal(
      sampleSum(samples, 'lakehouse_function_duration_seconds_bucket', { function: 'goldBuilder', le: '2.5' }),
      1,
    );
  });

  it('reports freshness as commit time minus the newest event time, and that event time', async () => {
    const metrics = new PipelineMetrics();
    metrics.fresh('silver', 1_700_000_000_000, 1_700_000_002_500);
    const samples = await scrape(metrics);
    assert.equal(sampleSum(samples, 'lakehouse_table_freshness_seconds', { layer: 'silver' }), 2.5);
    assert.equal(
      sampleSum(samples, 'lakehouse_table_newest_event_timestamp_seconds', { layer: 'silver' }),
      1_700_000_000,
    );
    assert.equal(hasSample(samples, 'lakehouse_table_freshness_seconds', { layer: 'bronze' }), false);
  });

  it('reports snapshots always and data files only from a store that has files', async () => {
    const metrics = new PipelineMetrics();
    metrics.tableState('bronze.coinbase_events', { snapshotId: '1', properties: {}, snapshotCount: 3, dataFiles: 7 });
    metrics.tableState('silver.trades', { snapshotId: '2', properties: {}, snapshotCount: 5 });
    const samples = await scrape(metrics);
    assert.equal(sampleSum(samples, 'lakehouse_table_snapshots', { table: 'bronze.coinbase_events' }), 3);
    assert.equal(sampleSum(samples, 'lakehouse_table_data_files', { table: 'bronze.coinbase_events' }), 7);
    assert.equal(sampleSum(samples, 'lakehouse_table_snapshots', { table: 'silver.trades' }), 5);
    assert.equal(hasSample(samples, 'lakehouse_table_data_files', { table: 'silver.trades' }), false);
  });
});

describe('Pipeline records into its PipelineMetrics', () => {
  let duckdb: Awaited<ReturnType<typeof openDuckDB>>;
  let admin: Awaited<ReturnType<Awaited<ReturnType<typeof openDuckDB>>['connect']>>;
  let pipeline: Pipeline;
  const metrics = new PipelineMetrics();

  before(async () => {
    duckdb = await openDuckDB({ threads: 1 });
    admin = await duckdb.connect();
    pipeline = new Pipeline({
      duckdb,
      store: new DuckDBTableStore(admin),
      sqlDir: 'sql',
      commitRetries: 3,
      notifier: noCommitNotifier,
      snapshotRetentionMs: 30 * 60_000,
      metrics,
    });
  });
  after(async () => {
    await pipeline.close();
    admin.closeSync();
    duckdb.closeSync();
  });

  it('counts records in and out per step and table, commits per table, and freshness per layer', async () => {
    const feed = generateFeed({
      seed: 3,
      products: ['BTC-USD', 'ETH-USD'],
      tradesPerProduct: 50,
      startUs: BigInt(Date.now() - 600_000) * 1000n,
      spanUs: 300_000_000n,
    });
    const records = toRecords(feed.frames, 'coinbase.raw', 2);
    const bronze = await pipeline.writeBronze(records);
    const redelivered = await pipeline.writeBronze(records.slice(0, 10));
    assert.equal(redelivered.written, 0);
    const silver = await pipeline.promoteSilver();
    const gold = await pipeline.buildGold();
    const samples = await scrape(metrics);
    const inOf = (step: string, table: string) =>
      sampleSum(samples, 'lakehouse_pipeline_records_in_total', { step, table });
    const outOf = (step: string, table: string) =>
      sampleSum(samples, 'lakehouse_pipeline_records_out_total', { step, table });
    assert.equal(inOf('bronze', 'coinbase.raw'), records.length + 10);
    assert.equal(outOf('bronze', 'bronze.coinbase_events'), bronze.written);
    assert.equal(bronze.written, records.length);
    assert.equal(inOf('silver', 'bronze.coinbase_events'), silver.bronzeRows);
    assert.equal(outOf('silver', 'silver.trades'), feed.trades.length);
    assert.equal(outOf('silver', 'silver.trades_rejected'), feed.malformed);
    assert.ok(gold.models.length > 0);
    for (const run of gold.models) assert.equal(outOf('gold', run.table), run.rowsWritten, run.table);
    // One bronze commit (the redelivery commits nothing); silver's write and publish count once.
    const commits = (table: string) => sampleSum(samples, 'lakehouse_table_commit_duration_seconds_count', { table });
    assert.equal(commits('bronze.coinbase_events'), 1);
    assert.equal(commits('silver.trades'), 1);
    for (const run of gold.models) assert.equal(commits(run.table), 1, run.table);
    assert.equal(sampleSum(samples, 'lakehouse_table_snapshots', { table: 'bronze.coinbase_events' }), 1);
    const newestBronzeMs = Math.max(...records.map((record) => record.timestampMs));
    assert.equal(
      sampleSum(samples, 'lakehouse_table_newest_event_timestamp_seconds', { layer: 'bronze' }),
      newestBronzeMs / 1000,
    );
    const newestTradeMs = Math.max(...feed.trades.map((trade) => Number(trade.exchange_time_us / 1000n)));
    for (const layer of ['silver', 'gold']) {
      assert.equal(
        sampleSum(samples, 'lakehouse_table_newest_event_timestamp_seconds', { layer }),
        newestTradeMs / 1000,
        layer,
      );
    }
    for (const layer of ['bronze', 'silver', 'gold']) {
      const freshness = sampleSum(samples, 'lakehouse_table_freshness_seconds', { layer });
      assert.ok(freshness >= 0 && freshness < 3600, `${layer} freshness ${freshness}`);
    }
  });
});
