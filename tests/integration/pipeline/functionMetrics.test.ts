/**
 * The embedded stack's one /metrics endpoint, scraped over HTTP while the real handlers run in this
 * process (as serverless-offline's useInProcess runs them): records produced to the embedded broker
 * reach bronzeWriter through its Kafka trigger, then silverPromoter and goldBuilder run; every counter
 * of the functions, the trigger and the broker must have moved by what the steps report.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import { createKafka } from '../../../layers/kafka/index.js';
import type { GoldBuildResult, SilverPromoteResult } from '../../../layers/pipeline/index.js';
import { InProcessInvoker } from '../../../local/lambda-kafka/Invoker.js';
import { type StartedComponent, startAll, stopAll } from '../../../local/serverless-plugin/Component.js';
import { embeddedStack } from '../../../local/serverless-plugin/embeddedStack.js';
import { parseExposition, type Sample, sampleSum } from '../../helpers/exposition.js';
import { freePort, until } from '../../helpers/ports.js';
import { feedRecord, generateFeed } from '../../unit/pipeline/feeds.js';

const TOPIC = 'coinbase.raw';
const BRONZE_FN = 'lakehouse-dev-bronzeWriter';

describe('one /metrics endpoint for the functions, their triggers and the broker', () => {
  let home: string;
  let started: StartedComponent[] = [];
  let metricsUrl: string;
  let handlers: {
    bronze: (event: unknown) => Promise<unknown>;
    silver: () => Promise<SilverPromoteResult>;
    gold: () => Promise<GoldBuildResult>;
  };

  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'function-metrics-'));
    const [brokerPort, metricsPort] = [await freePort(), await freePort()];
    // The handlers read their configuration from the environment, as in a Lambda instance.
    Object.assign(process.env, {
      LAKEHOUSE_HOME: home,
      PIPELINE_CHAIN_COMMITS: 'false',
      BROKER_PORT: String(brokerPort),
      METRICS_PORT: String(metricsPort),
      LAKEHOUSE_STACK: 'broker,triggers',
      BROKER_DEFAULT_PARTITIONS: '2',
    });
    const config = loadConfig();
    handlers = {
      bronze: (await import('../../../functions/bronzeWriter.js')).handler,
      silver: (await import('../../../functions/silverPromoter.js')).handler,
      gold: (await import('../../../functions/goldBuilder.js')).handler,
    };
    const specs = embeddedStack({
      config,
      pipeline: config.pipeline,
      mappings: [
        {
          functionKey: 'bronzeWriter',
          functionName: BRONZE_FN,
          topic: TOPIC,
          batchSize: 100,
          maximumBatchingWindowMs: 50,
          groupId: 'metrics-test-bronze',
          startingPosition: 'TRIM_HORIZON',
        },
      ],
      invoker: new InProcessInvoker(new Map([[BRONZE_FN, handlers.bronze]])),
      log: () => undefined,
    });
    started = await startAll(
      specs.filter((spec) => spec.name !== 'memory report'),
      () => undefined,
    );
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  });
  after(async () => {
    await stopAll(started);
    await rm(home, { recursive: true, force: true });
  });

  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(metricsUrl);
    assert.equal(response.status, 200);
    return parseExposition(await response.text());
  };

  it('moves each counter by what the steps did', { timeout: 120_000 }, async () => {
    const before = await scrape();
    const feed = generateFeed({
      seed: 5,
      products: ['BTC-USD', 'ETH-USD'],
      tradesPerProduct: 120,
      startUs: BigInt(Date.now() - 900_000) * 1000n,
      spanUs: 600_000_000n,
    });
    const kafka = createKafka({ brokers: [`127.0.0.1:${process.env.BROKER_PORT}`], clientId: 'metrics-test' });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send(TOPIC, feed.frames.map(feedRecord));
    await producer.disconnect();
    const frames = feed.frames.length;
    const delta = (now: readonly Sample[], name: string, labels: Record<string, string> = {}) =>
      sampleSum(now, name, labels) - sampleSum(before, name, labels);

    // The trigger delivers every frame, and its lag drains to zero.
    let afterBronze: Sample[] = [];
    await until(
      async () => {
        afterBronze = await scrape();
        return (
          delta(afterBronze, 'lakehouse_pipeline_records_out_total', { step: 'bronze' }) === frames &&
          sampleSum(afterBronze, 'lakehouse_trigger_consumer_lag_records', { function: BRONZE_FN }) === 0
        );
      },
      'bronze to hold every frame with no trigger lag',
      60_000,
      200,
    );
    const invoked = delta(afterBronze, 'lakehouse_trigger_batches_invoked_total', { function: BRONZE_FN });
    assert.ok(invoked >= Math.ceil(frames / 100), `trigger invoked ${invoked} batches for ${frames} frames`);
    assert.equal(delta(afterBronze, 'lakehouse_trigger_batches_failed_total', { function: BRONZE_FN }), 0);
    assert.equal(delta(afterBronze, 'lakehouse_trigger_records_dead_lettered_total', { function: BRONZE_FN }), 0);
    assert.equal(delta(afterBronze, 'lakehouse_function_invocations_total', { function: 'bronzeWriter' }), invoked);
    assert.equal(
      delta(afterBronze, 'lakehouse_function_duration_seconds_count', { function: 'bronzeWriter' }),
      invoked,
    );
    assert.equal(delta(afterBronze, 'lakehouse_pipeline_records_in_total', { step: 'bronze', table: TOPIC }), frames);
    assert.equal(
      delta(afterBronze, 'lakehouse_table_commit_duration_seconds_count', { table: 'bronze.coinbase_events' }),
      invoked,
    );
    assert.ok(sampleSum(afterBronze, 'lakehouse_table_data_files', { table: 'bronze.coinbase_events' }) >= 1);
    assert.ok(sampleSum(afterBronze, 'lakehouse_table_snapshots', { table: 'bronze.coinbase_events' }) >= 1);
    // The broker's registry is served beside them.
    assert.equal(delta(afterBronze, 'broker_records_in_total', { topic: TOPIC }), frames);

    const silver = await handlers.silver();
    const gold = await handlers.gold();
    const afterGold = await scrape();
    assert.equal(delta(afterGold, 'lakehouse_function_invocations_total', { function: 'silverPromoter' }), 1);
    assert.equal(delta(afterGold, 'lakehouse_function_invocations_total', { function: 'goldBuilder' }), 1);
    assert.equal(silver.tradesWritten, feed.trades.length);
    assert.equal(delta(afterGold, 'lakehouse_pipeline_records_in_total', { step: 'silver' }), silver.bronzeRows);
    assert.equal(
      delta(afterGold, 'lakehouse_pipeline_records_out_total', { step: 'silver', table: 'silver.trades' }),
      silver.tradesWritten,
    );
    assert.equal(
      delta(afterGold, 'lakehouse_pipeline_records_out_total', { step: 'silver', table: 'silver.trades_rejected' }),
      silver.rejectsWritten,
    );
    assert.ok(gold.models.length > 0);
    for (const run of gold.models) {
      assert.equal(
        delta(afterGold, 'lakehouse_pipeline_records_out_total', { step: 'gold', table: run.table }),
        run.rowsWritten,
      );
      assert.equal(
        delta(afterGold, 'lakehouse_table_commit_duration_seconds_count', { table: run.table }),
        1,
        run.table,
      );
    }
    for (const layer of ['bronze', 'silver', 'gold']) {
      const freshness = sampleSum(afterGold, 'lakehouse_table_freshness_seconds', { layer });
      assert.ok(freshness > 0 && freshness < 3600, `${layer} freshness ${freshness}`);
    }

    // A malformed event is a failed, non-retriable invocation.
    await assert.rejects(handlers.bronze({ not: 'kafka' }), /expects a Kafka event/);
    const afterError = await scrape();
    assert.equal(
      delta(afterError, 'lakehouse_function_errors_total', { function: 'bronzeWriter', retriable: 'false' }),
      1,
    );
    assert.equal(delta(afterError, 'lakehouse_function_invocations_total', { function: 'bronzeWriter' }), invoked + 1);
  });
});
