import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TriggerMetrics } from '../../../local/lambda-kafka/TriggerMetrics.js';
import { hasSample, parseExposition, sampleSum } from '../../helpers/exposition.js';

describe('TriggerMetrics', () => {
  it('counts invoked, failed and dead-lettered batches and dead-lettered records per function', async () => {
    const metrics = new TriggerMetrics();
    metrics.batchInvoked('bronzeWriter', false);
    metrics.batchInvoked('bronzeWriter', false);
    metrics.batchInvoked('bronzeWriter', true);
    metrics.batchInvoked('other', true);
    metrics.deadLettered('bronzeWriter', 40);
    const samples = parseExposition(await metrics.registry.metrics());
    const of = (name: string, fn: string) => sampleSum(samples, name, { function: fn });
    assert.equal(of('lakehouse_trigger_batches_invoked_total', 'bronzeWriter'), 3);
    assert.equal(of('lakehouse_trigger_batches_failed_total', 'bronzeWriter'), 2);
    assert.equal(of('lakehouse_trigger_batches_invoked_total', 'other'), 1);
    assert.equal(of('lakehouse_trigger_batches_failed_total', 'other'), 0);
    assert.equal(of('lakehouse_trigger_batches_dead_lettered_total', 'bronzeWriter'), 1);
    assert.equal(of('lakehouse_trigger_records_dead_lettered_total', 'bronzeWriter'), 40);
  });

  it('reads each watched lag at collection, keeps the last value when a read fails, and stops at unwatch', async () => {
    const metrics = new TriggerMetrics();
    let lag = 120;
    let reachable = true;
    metrics.watchLag('bronzeWriter', async () => {
      if (!reachable) throw new Error('broker unreachable');
      return lag;
    });
    const lagOf = async () =>
      sampleSum(parseExposition(await metrics.registry.metrics()), 'lakehouse_trigger_consumer_lag_records', {
        function: 'bronzeWriter',
      });
    assert.equal(await lagOf(), 120);
    lag = 5;
    assert.equal(await lagOf(), 5);
    reachable = false;
    lag = 999;
    assert.equal(await lagOf(), 5);
    metrics.unwatchLag('bronzeWriter');
    reachable = true;
    assert.equal(await lagOf(), 5);
    assert.equal(
      hasSample(parseExposition(await metrics.registry.metrics()), 'lakehouse_trigger_consumer_lag_records', {
        function: 'x',
      }),
      false,
    );
  });
});
