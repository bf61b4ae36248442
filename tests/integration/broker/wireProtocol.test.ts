import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ErrorCode } from '../../../local/broker/protocol/errors.js';
import type { Reader } from '../../../local/broker/protocol/Reader.js';
import type { Writer } from '../../../local/broker/protocol/Writer.js';
import { buildBatch } from '../../unit/broker/recordBatchBuilder.js';
import { RawClient } from './rawClient.js';
import { startTestBroker, type TestBroker } from './testBroker.js';

let broker: TestBroker;
before(async () => {
  broker = await startTestBroker({ autoCreateTopics: false, defaultPartitions: 1 });
  const admin = broker.kafka().admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'wire', numPartitions: 1 }] });
  await admin.disconnect();
});
after(async () => {
  await broker.stop();
});

const PRODUCE = 0;
const FETCH = 1;
const METADATA = 3;
const API_VERSIONS = 18;

function writeProduce(records: Buffer) {
  return (w: Writer) => {
    w.nullableString(null).int16(-1).int32(5000);
    w.array(['wire'], (tw, topic) => {
      tw.string(topic).array([0], (pw, partition) => pw.int32(partition).bytes(records));
    });
  };
}

function readProduce(body: Reader): { errorCode: number; baseOffset: number } {
  body.int32();
  body.string();
  body.int32();
  body.int32();
  return { errorCode: body.int16(), baseOffset: body.int64() };
}

/** Fetch v4 or v11 (session fields, leader epoch, log start offset, forgotten topics, rack). */
function writeFetch(version: 4 | 11, offset: number, maxWaitMs: number) {
  return (w: Writer) => {
    w.int32(-1)
      .int32(maxWaitMs)
      .int32(1)
      .int32(1 << 20)
      .int8(0);
    if (version === 11) w.int32(0).int32(-1);
    w.array(['wire'], (tw, topic) => {
      tw.string(topic).array([0], (pw, partition) => {
        pw.int32(partition);
        if (version === 11) pw.int32(-1);
        pw.int64(offset);
        if (version === 11) pw.int64(-1);
        pw.int32(1 << 20);
      });
    });
    if (version === 11) w.array([], () => undefined).string('');
  };
}

function readFetch(
  version: 4 | 11,
  body: Reader,
): { errorCode: number; highWatermark: number; records: Buffer | null } {
  body.int32();
  if (version === 11) {
    body.int16();
    body.int32();
  }
  body.int32();
  body.string();
  body.int32();
  body.int32();
  const errorCode = body.int16();
  const highWatermark = body.int64();
  body.int64();
  if (version === 11) body.int64();
  body.array((r) => [r.int64(), r.int64()]);
  if (version === 11) body.int32();
  return { errorCode, highWatermark, records: body.nullableBytes() };
}

test('ApiVersions advertises kafkajs 2.2.4 maxima and answers an unsupported version with error 35', async () => {
  const client = await RawClient.connect(broker.broker.port);
  client.send(API_VERSIONS, 2, 1, () => undefined);
  const { body } = await client.next();
  assert.equal(body.int16(), ErrorCode.NONE);
  const versions = new Map(body.array((r) => [r.int16(), [r.int16(), r.int16()]] as const));
  assert.deepEqual(versions.get(0), [3, 7]);
  assert.equal(versions.get(1)?.[1], 11);
  assert.equal(versions.get(3)?.[1], 6);
  assert.equal(versions.get(18)?.[1], 3);
  assert.equal(versions.get(22)?.[1], 1);
  client.send(API_VERSIONS, 9, 2, () => undefined);
  const unsupported = await client.next();
  assert.equal(unsupported.body.int16(), ErrorCode.UNSUPPORTED_VERSION);
  client.close();
});

test('a malformed frame closes only its own connection', async () => {
  const bad = await RawClient.connect(broker.broker.port);
  const good = await RawClient.connect(broker.broker.port);
  bad.sendBytes(Buffer.from([0, 0, 0, 6, 0, 3, 0, 1, 0, 0]));
  assert.equal(await bad.waitClosed(), true);
  good.send(METADATA, 1, 7, (w) => w.array(['wire'], (tw, name) => tw.string(name)));
  const response = await good.next();
  assert.equal(response.correlationId, 7);
  good.close();
});

test('errors are answered, not hung: unknown topic, offset out of range, corrupt batch', async () => {
  const client = await RawClient.connect(broker.broker.port);
  client.send(METADATA, 5, 1, (w) => w.array(['missing-topic'], (tw, name) => tw.string(name)).bool(true));
  const metadata = (await client.next()).body;
  metadata.int32();
  metadata.array((r) => [r.int32(), r.string(), r.int32(), r.nullableString()]);
  metadata.nullableString();
  assert.equal(metadata.int32(), 1, 'controller id is this broker');
  assert.equal(metadata.int32(), 1);
  assert.equal(metadata.int16(), ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);

  client.send(FETCH, 4, 2, writeFetch(4, 1_000_000, 0));
  assert.equal(readFetch(4, (await client.next()).body).errorCode, ErrorCode.OFFSET_OUT_OF_RANGE);

  const corrupt = buildBatch([{ value: 'flipped' }]);
  corrupt[corrupt.length - 3] = (corrupt[corrupt.length - 3] as number) ^ 0xff;
  client.send(PRODUCE, 3, 3, writeProduce(corrupt));
  assert.equal(readProduce((await client.next()).body).errorCode, ErrorCode.CORRUPT_MESSAGE);
  client.close();
});

test('responses keep request order while a Fetch long-polls, and the poll ends on produce', async () => {
  const consumer = await RawClient.connect(broker.broker.port);
  const producer = await RawClient.connect(broker.broker.port);
  producer.send(PRODUCE, 7, 1, writeProduce(buildBatch([{ value: 'first' }])));
  const start = readProduce((await producer.next()).body);
  assert.equal(start.errorCode, ErrorCode.NONE);

  consumer.send(FETCH, 11, 10, writeFetch(11, start.baseOffset + 1, 30_000));
  consumer.send(API_VERSIONS, 0, 11, () => undefined);
  await new Promise((resolve) => setTimeout(resolve, 200));
  producer.send(PRODUCE, 7, 2, writeProduce(buildBatch([{ value: 'second' }])));
  const appended = readProduce((await producer.next()).body);

  const first = await consumer.next();
  assert.equal(first.correlationId, 10, 'the Fetch is answered first');
  const fetched = readFetch(11, first.body);
  assert.equal(fetched.errorCode, ErrorCode.NONE);
  assert.equal(fetched.records?.readBigInt64BE(0), BigInt(appended.baseOffset));
  assert.equal((await consumer.next()).correlationId, 11);
  consumer.close();
  producer.close();
});
