/**
 * Round trips through kafkajs 2.2.4's own protocol modules (src/protocol/requests/<api>/v<N>/): a
 * kafkajs-encoded request must decode completely with our codec, and our encoded response must
 * decode with kafkajs's decoder.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import type { ApiCodec } from '../../../local/broker/protocol/Api.js';
import { Reader } from '../../../local/broker/protocol/Reader.js';
import { Writer } from '../../../local/broker/protocol/Writer.js';

const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: kafkajs's protocol modules are untyped JavaScript.
export type Loose = any;

interface KafkajsVersion {
  request(args: Record<string, unknown> | readonly unknown[]): {
    encode(): Promise<{ buffer: Buffer }> | { buffer: Buffer };
  };
  decode(body: Buffer): Promise<Loose>;
}

function kafkajs(api: string, version: number): KafkajsVersion {
  const request = require(`kafkajs/src/protocol/requests/${api}/v${version}/request.js`);
  const response = require(`kafkajs/src/protocol/requests/${api}/v${version}/response.js`);
  // A few response modules (DeleteRecords) are factories over the request's topics.
  const decode = typeof response === 'function' ? response({ topics: [] }).decode : response.decode;
  return { request, decode };
}

export async function decodeWithOurs<Request>(
  codec: ApiCodec<Request, unknown>,
  api: string,
  version: number,
  args: Record<string, unknown> | readonly unknown[],
): Promise<Request> {
  const encoder = await kafkajs(api, version).request(args).encode();
  const reader = new Reader(encoder.buffer);
  const decoded = codec.decodeRequest(reader, version);
  assert.equal(reader.remaining, 0, `${api} v${version}: the whole kafkajs request is consumed`);
  return decoded;
}

export function decodeWithKafkajs<Response>(
  codec: ApiCodec<unknown, Response>,
  api: string,
  version: number,
  response: Response,
): Promise<Loose> {
  const writer = new Writer();
  codec.encodeResponse(writer, version, response);
  return kafkajs(api, version).decode(writer.toBuffer());
}

export function versionsOf(codec: { minVersion: number; maxVersion: number }): number[] {
  return Array.from({ length: codec.maxVersion - codec.minVersion + 1 }, (_, i) => codec.minVersion + i);
}
