import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createKafka, readProducerHeaders } from '../../../layers/kafka/index.js';
import { startBroker } from '../../../local/broker/index.js';
import { COINBASE_FIXTURES } from '../../helpers/fixtures.js';
import { metricValue, startStack, waitFor } from './harness.js';

const CAPTURES = path.join(COINBASE_FIXTURES, 'exchange-ws');
const WITH_RECV_TS = path.join(CAPTURES, 'matches_ticker_lastmatch_2021-04-17_with_recv_ts.ndjson');
const PLAIN = path.join(CAPTURES, 'matches_ticker_lastmatch_2021-04-17.ndjson');
const TARDIS = path.join(CAPTURES, 'tardis-node_mappers_test_coinbase_messages.ndjson');

const rawFrames = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const value = JSON.parse(line) as { raw?: unknown };
      return typeof value.raw === 'string' ? value.raw : line;
    });

describe('shared captures replayed through the producer', { concurrency: 1, timeout: 60_000 }, () => {
  let dataDir: string;
  let broker: Awaited<ReturnType<typeof startBroker>>;

  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'producer-replay-'));
    broker = await startBroker({ port: 0, dataDir, onProblem: () => undefined });
  });
  after(async () => {
    await broker.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const file of [WITH_RECV_TS, TARDIS]) {
    it(`lands ${path.basename(file)} byte-identical in Kafka (embedded broker), in order per product`, async () => {
      const topic = `replay-${path.basename(file).length}-${Date.now()}`;
      const kafka = createKafka({ brokers: [broker.bootstrap], clientId: 'replay-test', logLevel: 'error' });
      const expected = rawFrames(file);
      const stack = await startStack({
        kafka,
        products: ['BAND-GBP'],
        sim: { replay: { file, speed: 0 } },
        producer: { topic, source: 'replay', gapGraceMs: 60_000 },
      });
      await stack.sim.replayFinished();
      await waitFor(
        'every replayed frame produced',
        async () => (await metricValue(stack.producer, 'coinbase_messages_produced_total')) >= expected.length,
      );
      await stack.producer.close();
      await stack.sim.close();
      const records = await kafka.readAll(topic);
      assert.equal(records.length, expected.length);
      // Byte-identical: the multiset of values equals the capture, and each key's records keep capture order.
      assert.deepEqual(records.map((record) => record.value?.toString('utf8')).sort(), [...expected].sort());
      const byKey = new Map<string, string[]>();
      for (const record of records) {
        const key = record.key?.toString() ?? '';
        byKey.set(key, [...(byKey.get(key) ?? []), record.value?.toString('utf8') ?? '']);
      }
      for (const [key, values] of byKey) {
        if (key === '') continue;
        const inCapture = expected.filter((frame) => values.includes(frame));
        assert.deepEqual(values, inCapture, `order of ${key}`);
      }
      for (const record of records) {
        const headers = readProducerHeaders(record.headers);
        assert.equal(headers.source, 'replay');
        assert.ok(headers.receivedAtMicros !== undefined && headers.connectionId);
      }
    });
  }

  it('replays a plain NDJSON capture (frame objects) in exact order through the recording client', async () => {
    const expected = rawFrames(PLAIN);
    const stack = await startStack({
      products: ['BAND-GBP'],
      sim: { replay: { file: PLAIN, speed: 0 } },
      producer: { gapGraceMs: 60_000 },
    });
    await stack.sim.replayFinished();
    await waitFor(
      'every replayed frame produced',
      async () => (await metricValue(stack.producer, 'coinbase_messages_produced_total')) >= expected.length,
    );
    await stack.producer.close();
    await stack.sim.close();
    const records = await stack.kafka.readAll('coinbase.raw');
    assert.deepEqual(
      records.map((record) => record.value?.toString('utf8')),
      expected,
    );
  });
});
