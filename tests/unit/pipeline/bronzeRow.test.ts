import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DecodedRecord } from '../../../layers/kafka/index.js';
import { bronzeRow } from '../../../layers/pipeline/index.js';

const record = (value: string): DecodedRecord => ({
  topic: 'coinbase.raw',
  partition: 1,
  offset: 42n,
  timestampMs: 1618677811000,
  value,
  headers: new Map([
    ['received_at', '1618677810500000'],
    ['source', 'exchange'],
  ]),
});

const columns = (value: string) => {
  const row = bronzeRow(record(value));
  return [row.event_type, row.product_id, row.trade_id, row.sequence, row.exchange_time_us, row.parse_error];
};

const time = '"time":"2021-04-17T16:43:30.244075Z"';
const timeUs = 1618677810244075n;

describe('bronzeRow', () => {
  it('keeps the Kafka coordinates, the raw text and the producer headers', () => {
    const row = bronzeRow(record('{"type":"status"}'));
    assert.deepEqual(
      [row.kafka_topic, row.kafka_partition, row.kafka_offset, row.kafka_timestamp_us, row.received_at_us, row.source],
      ['coinbase.raw', 1, 42n, 1618677811000000n, 1618677810500000n, 'exchange'],
    );
    assert.equal(row.raw, '{"type":"status"}');
  });

  it('gives the trade of single-trade frames and the sequence of sequenced ones', () => {
    assert.deepEqual(
      columns(
        `{"type":"match","trade_id":7,"side":"buy","size":"1","price":"2","product_id":"BTC-USD","sequence":9,${time}}`,
      ),
      ['match', 'BTC-USD', 7n, 9n, timeUs, null],
    );
    assert.deepEqual(
      columns(
        `{"type":"ticker","trade_id":8,"side":"buy","last_size":"1","price":"2","product_id":"BTC-USD","sequence":10,${time}}`,
      ),
      ['ticker', 'BTC-USD', 8n, 10n, timeUs, null],
    );
    assert.deepEqual(
      columns(
        `{"type":"backfill_trade","trade_id":6,"side":"buy","size":"1","price":"2","product_id":"BTC-USD",${time}}`,
      ),
      ['backfill_trade', 'BTC-USD', 6n, null, timeUs, null],
    );
  });

  it('leaves trade_id empty for a heartbeat: its last_trade_id is not a trade it carries', () => {
    assert.deepEqual(columns(`{"type":"heartbeat","last_trade_id":5,"product_id":"BTC-USD","sequence":11,${time}}`), [
      'heartbeat',
      'BTC-USD',
      null,
      11n,
      timeUs,
      null,
    ]);
  });

  it('keeps Advanced Trade channel and sequence_num, and drops integers beyond a bigint column', () => {
    assert.deepEqual(
      columns('{"channel":"market_trades","timestamp":"2021-04-17T16:43:30.244075Z","sequence_num":3,"events":[]}'),
      ['market_trades', null, null, 3n, timeUs, null],
    );
    assert.deepEqual(
      columns(
        `{"type":"match","trade_id":7,"side":"buy","size":"1","price":"2","product_id":"BTC-USD","sequence":9223372036854775808,${time}}`,
      ),
      ['match', 'BTC-USD', 7n, null, timeUs, null],
    );
  });

  it('still writes a row for an unparseable frame, with its loose type and the reason', () => {
    const [eventType, productId, tradeId, sequence, exchangeTime, parseError] = columns('{"type":"match"}');
    assert.deepEqual([eventType, productId, tradeId, sequence, exchangeTime], ['match', null, null, null, null]);
    assert.ok(typeof parseError === 'string' && parseError.length > 0);
    assert.deepEqual(columns('not json').slice(0, 5), [null, null, null, null, null]);
  });
});
