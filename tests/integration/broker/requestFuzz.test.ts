/**
 * A bounded fuzzer for the request decoder, through the wire: frames for every API and version the
 * broker advertises (asked with ApiVersions, so the list is the broker's own), with random bodies
 * and random truncations of a valid header. Each frame is answered or closes its connection, never
 * crashes the broker; APIs that may legitimately wait (Fetch long poll, JoinGroup, SyncGroup) are
 * only required not to crash. Afterwards the broker still serves a kafkajs client.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { RawClient } from './rawClient.js';
import { startTestBroker, type TestBroker } from './testBroker.js';

const API_VERSIONS = 18;
const MAY_WAIT = new Set([1, 11, 14]);

let broker: TestBroker;
before(async () => {
  broker = await startTestBroker({ maxPartitionsPerRequest: 16, maxPartitionsPerTopic: 8, maxPartitions: 200 });
});
after(async () => {
  await broker.stop();
});

async function advertised(): Promise<{ key: number; min: number; max: number }[]> {
  const client = await RawClient.connect(broker.broker.port);
  client.send(API_VERSIONS, 0, 1, () => undefined);
  const { body } = await client.next();
  client.close();
  body.int16();
  return body.array((r) => ({ key: r.int16(), min: r.int16(), max: r.int16() }));
}

function frame(key: number, version: number, body: Uint8Array, cut: number | undefined): Buffer {
  const clientId = Buffer.from('fuzz');
  const header = Buffer.alloc(10);
  header.writeInt16BE(key, 0);
  header.writeInt16BE(version, 2);
  header.writeInt32BE(7, 4);
  header.writeInt16BE(clientId.length, 8);
  let payload = Buffer.concat([header, clientId, Buffer.from(body)]);
  if (cut !== undefined) payload = payload.subarray(0, Math.min(cut, payload.length));
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload]);
}

/** 'answered' | 'closed' | 'pending' after the frame, within a short grace period. */
async function outcome(bytes: Buffer): Promise<'answered' | 'closed' | 'pending'> {
  const client = await RawClient.connect(broker.broker.port);
  try {
    client.sendBytes(bytes);
    try {
      await client.next(1500);
      return 'answered';
    } catch {
      return client.closed ? 'closed' : 'pending';
    }
  } finally {
    client.close();
  }
}

test('random request bodies for every advertised API are answered or refused, never fatal', async () => {
  const apis = await advertised();
  assert.ok(apis.length >= 25, `${apis.length} APIs advertised`);
  const tally = { answered: 0, closed: 0, pending: 0 };
  await fc.assert(
    fc.asyncProperty(
      fc.nat({ max: apis.length - 1 }),
      fc.nat({ max: 20 }),
      fc.uint8Array({ maxLength: 160 }),
      fc.option(fc.nat({ max: 40 }), { freq: 4 }),
      async (apiIndex, versionPick, body, cut) => {
        const api = apis[apiIndex] as { key: number; min: number; max: number };
        const version = api.min + (versionPick % (api.max - api.min + 1));
        const result = await outcome(frame(api.key, version, body, cut ?? undefined));
        tally[result]++;
        if (result === 'pending')
          assert.ok(MAY_WAIT.has(api.key), `API ${api.key} v${version} neither answered nor closed`);
      },
    ),
    { numRuns: 500, seed: 12 },
  );
  assert.ok(tally.answered > 0 && tally.closed > 0, JSON.stringify(tally));
  const admin = broker.kafka('after-fuzz').admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'after-fuzz', numPartitions: 1 }] });
  assert.ok((await admin.listTopics()).includes('after-fuzz'));
  await admin.disconnect();
});
