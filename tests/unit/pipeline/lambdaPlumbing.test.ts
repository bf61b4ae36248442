import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeKafkaEvent, isKafkaEvent } from '../../../layers/kafka/index.js';
import { SingleFlight } from '../../../layers/pipeline/index.js';
import { kafkaEvent } from '../../../local/lambda-kafka/kafkaEventPayload.js';
import { kafkaMappings } from '../../../local/serverless-plugin/kafkaMappings.js';

describe('Lambda plumbing', () => {
  it('builds the SelfManagedKafka payload AWS sends and decodes it back', () => {
    const event = kafkaEvent(
      [
        {
          topic: 'coinbase.raw',
          partition: 2,
          offset: '15',
          timestamp: '1545084650987',
          key: Buffer.from('BTC-USD'),
          value: Buffer.from('{"type":"match"}'),
          headers: { received_at: Buffer.from('1545084650987000'), note: Buffer.from('prix € ✓') },
        },
      ],
      'b1:9092,b2:9092',
    );
    assert.equal(event.eventSource, 'SelfManagedKafka');
    assert.deepEqual(Object.keys(event.records), ['coinbase.raw-2']);
    const record = event.records['coinbase.raw-2']?.[0];
    assert.equal(record?.value, Buffer.from('{"type":"match"}').toString('base64'));
    assert.deepEqual(record?.headers, [
      { received_at: [...Buffer.from('1545084650987000')] },
      { note: [...Buffer.from('prix € ✓')] },
    ]);
    assert.ok(isKafkaEvent(JSON.parse(JSON.stringify(event))));
    const [decoded] = decodeKafkaEvent(JSON.parse(JSON.stringify(event)));
    assert.equal(decoded?.value, '{"type":"match"}');
    assert.equal(decoded?.offset, 15n);
    assert.equal(decoded?.headers.get('received_at'), '1545084650987000');
    assert.equal(decoded?.headers.get('note'), 'prix € ✓');
  });

  it('reads kafka events of the resolved serverless service as mappings', () => {
    const service = {
      getAllFunctions: () => ['bronzeWriter', 'goldBuilder'],
      getFunction: (key: string) =>
        key === 'bronzeWriter'
          ? {
              name: 'lakehouse-dev-bronzeWriter',
              events: [{ kafka: { topic: 'coinbase.raw', batchSize: 500, maximumBatchingWindow: 2 } }],
            }
          : { name: 'lakehouse-dev-goldBuilder', events: [{ schedule: { rate: 'rate(1 minute)' } }] },
    };
    assert.deepEqual(kafkaMappings(service), [
      {
        functionKey: 'bronzeWriter',
        functionName: 'lakehouse-dev-bronzeWriter',
        topic: 'coinbase.raw',
        batchSize: 500,
        maximumBatchingWindowMs: 2000,
        groupId: 'lakehouse-dev-bronzeWriter',
        startingPosition: 'TRIM_HORIZON',
      },
    ]);
  });

  it('runs a step once at a time and folds calls during a run into one follow-up', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const flight = new SingleFlight(async () => {
      runs += 1;
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
      return runs;
    });
    const first = flight.run();
    const second = flight.run();
    const third = flight.run();
    release();
    assert.equal(await first, 1);
    assert.equal(await second, 2);
    assert.equal(await third, 2);
    assert.equal(runs, 2);
  });
});
