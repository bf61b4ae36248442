import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KafkaError, readProducerHeaders, toKafkaError } from '../../../layers/kafka/index.js';

// Shaped like kafkajs' errors (name, retriable, cause), without importing kafkajs outside layers/kafka.
const kafkajsError = (name: string, message: string, retriable: boolean, cause?: unknown) =>
  Object.assign(new Error(message, { cause }), { name, retriable });

describe('layers/kafka errors', () => {
  it('classifies an unreachable cluster as retriable, even after kafkajs gave up retrying', () => {
    const connection = kafkajsError(
      'KafkaJSConnectionError',
      'Connection error: connect ECONNREFUSED 127.0.0.1:9',
      true,
    );
    const exhausted = kafkajsError('KafkaJSNumberOfRetriesExceeded', 'Number of retries exceeded', false, connection);
    for (const error of [connection, exhausted, Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })]) {
      const wrapped = toKafkaError(error, { operation: 'send', topic: 'coinbase.raw' });
      assert.ok(wrapped instanceof KafkaError);
      assert.equal(wrapped.retriable, true, String(error));
      assert.match(wrapped.message, /kafka send failed \(topic coinbase\.raw\)/);
    }
  });

  it('classifies a rejected request as not retriable and keeps the cause', () => {
    const tooLarge = kafkajsError('KafkaJSProtocolError', 'The request included a message larger than the max', false);
    const wrapped = toKafkaError(tooLarge, { operation: 'send', topic: 't' });
    assert.equal(wrapped.retriable, false);
    assert.equal(wrapped.cause, tooLarge);
    assert.equal(
      toKafkaError(kafkajsError('KafkaJSNonRetriableError', 'bad', false), { operation: 'x' }).retriable,
      false,
    );
  });
});

describe('producer headers', () => {
  it('decodes received_at, source and connection_id from byte arrays and rejects bad values', () => {
    assert.deepEqual(
      readProducerHeaders({
        received_at: Buffer.from('1618677817061845'),
        source: Buffer.from('backfill'),
        connection_id: Buffer.from('rest'),
      }),
      { receivedAtMicros: 1618677817061845n, source: 'backfill', connectionId: 'rest' },
    );
    assert.deepEqual(readProducerHeaders({ received_at: '12.5', source: 'moon' }), {
      receivedAtMicros: undefined,
      source: undefined,
      connectionId: undefined,
    });
  });
});
