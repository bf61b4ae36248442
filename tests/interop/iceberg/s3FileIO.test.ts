import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  FileAlreadyExistsError,
  FileNotFoundError,
  ObjectStoreError,
  S3FileIO,
  type S3FileIOOptions,
} from '../../../layers/iceberg/index.js';
import { type FaultyProxy, startFaultyProxy } from './services/faultyProxy.js';
import { type SeaweedFS, startSeaweedFS } from './services/seaweedfs.js';

let s3: SeaweedFS;
let proxy: FaultyProxy;
let scratch: string;
const ios: S3FileIO[] = [];

before(async () => {
  s3 = await startSeaweedFS('warehouse');
  proxy = await startFaultyProxy(s3.endpoint);
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 's3-file-io-'));
});
after(async () => {
  for (const io of ios) io.client.destroy();
  await proxy?.close();
  await s3?.stop();
  await fs.rm(scratch, { recursive: true, force: true });
});

function s3FileIO(options: Partial<S3FileIOOptions> & { viaProxy?: boolean } = {}): S3FileIO {
  const io = new S3FileIO({
    endpoint: options.viaProxy ? proxy.endpoint : s3.endpoint,
    credentials: s3.credentials,
    retry: { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 50 },
    cache: { dir: path.join(scratch, `cache-${randomUUID()}`), maxBytes: 64 * 1024 * 1024 },
    ...options,
  });
  ios.push(io);
  return io;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);
const location = (name: string) => `s3://warehouse/${randomUUID()}/${name}`;

describe('S3FileIO against SeaweedFS', () => {
  it('writes, reads, stats, lists and deletes objects', async () => {
    const io = s3FileIO();
    const base = location('t');
    await io.write(`${base}/metadata/v1.metadata.json`, bytes('{"a":1}'));
    await io.write(`${base}/data/p=1/f.parquet`, bytes('parquet!'));
    assert.equal(text(await io.read(`${base}/metadata/v1.metadata.json`)), '{"a":1}');
    assert.equal((await io.stat(`${base}/data/p=1/f.parquet`)).size, 8);
    assert.equal(await io.exists(`${base}/data/p=1/f.parquet`), true);
    const listed: string[] = [];
    for await (const info of io.list(`${base}/`)) listed.push(info.location);
    assert.deepEqual(listed.sort(), [`${base}/data/p=1/f.parquet`, `${base}/metadata/v1.metadata.json`]);
    await io.delete(`${base}/data/p=1/f.parquet`);
    assert.equal(await io.exists(`${base}/data/p=1/f.parquet`), false);
    await assert.rejects(io.read(`${base}/data/p=1/f.parquet`), FileNotFoundError);
    await assert.rejects(io.stat(`${base}/missing`), FileNotFoundError);
  });

  it('lists more than one page of keys', async () => {
    const io = s3FileIO();
    const base = location('many');
    await Promise.all(Array.from({ length: 1_050 }, (_, i) => io.write(`${base}/f-${i}`, bytes(String(i)))));
    let count = 0;
    for await (const info of io.list(`${base}/`)) if (info.location.startsWith(`${base}/f-`)) count++;
    assert.equal(count, 1_050);
  });

  it('lets exactly one of 8 racing clients create an object, in each of 5 rounds', async () => {
    const racers = Array.from({ length: 8 }, () => s3FileIO());
    for (let round = 0; round < 5; round++) {
      const target = location(`v${round}.metadata.json`);
      const results = await Promise.allSettled(
        racers.map((io, i) => io.createExclusive(target, bytes(`writer ${i} ${randomUUID()}`))),
      );
      const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      assert.equal(winners.length, 1, `round ${round}: winners ${winners.join(',')}`);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof FileAlreadyExistsError);
      assert.match(text(await s3FileIO().read(target)), new RegExp(`^writer ${winners[0]} `));
    }
  });

  it('uploads large files in parts and small ones in one request', async () => {
    const io = s3FileIO({ multipartThresholdBytes: 5 * 1024 * 1024, partSizeBytes: 5 * 1024 * 1024 });
    const large = path.join(scratch, 'large.bin');
    const content = randomBytes(12 * 1024 * 1024 + 123);
    await fs.writeFile(large, content);
    const target = location('large.parquet');
    await io.putFile(target, large);
    assert.equal((await io.stat(target)).size, content.length);
    assert.ok(Buffer.from(await io.read(target)).equals(content));
    const small = path.join(scratch, 'small.bin');
    await fs.writeFile(small, 'small');
    await io.putFile(location('small'), small);
  });

  it('retries 503 SlowDown answers and dropped connections, then succeeds', async () => {
    const io = s3FileIO({ viaProxy: true });
    const target = location('retried.json');
    const start = proxy.requests.length;
    proxy.faults = (_method, _url, index) => {
      const n = index - start;
      return n === 0 ? 'slow-down' : n === 1 ? 'reset-before' : n === 2 ? 'slow-down' : 'none';
    };
    try {
      await io.write(target, bytes('after three failures'));
    } finally {
      proxy.faults = () => 'none';
    }
    assert.deepEqual(
      proxy.requests.slice(start).map((r) => r.fault),
      ['slow-down', 'reset-before', 'slow-down', 'none'],
    );
    assert.equal(text(await io.read(target)), 'after three failures');
  });

  it('gives up after maxAttempts with a retriable ObjectStoreError naming the location', async () => {
    const io = s3FileIO({ viaProxy: true, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    const target = location('never.json');
    const start = proxy.requests.length;
    proxy.faults = () => 'slow-down';
    try {
      await assert.rejects(io.write(target, bytes('x')), (error: unknown) => {
        assert.ok(error instanceof ObjectStoreError);
        assert.equal(error.retriable, true);
        assert.equal(error.statusCode, 503);
        assert.equal(error.location, target);
        return true;
      });
    } finally {
      proxy.faults = () => 'none';
    }
    assert.equal(proxy.requests.length - start, 3);
  });

  it('does not retry a refused request (wrong credentials)', async () => {
    const io = s3FileIO({
      viaProxy: true,
      credentials: { accessKeyId: s3.credentials.accessKeyId, secretAccessKey: 'wrong' },
    });
    const start = proxy.requests.length;
    await assert.rejects(io.write(location('denied'), bytes('x')), (error: unknown) => {
      assert.ok(error instanceof ObjectStoreError);
      assert.equal(error.retriable, false);
      return true;
    });
    assert.equal(proxy.requests.length - start, 1);
  });

  it('recognises its own conditional create when the answer to a landed PUT was lost', async () => {
    const io = s3FileIO({ viaProxy: true });
    const target = location('ambiguous.metadata.json');
    const start = proxy.requests.length;
    proxy.faults = (_method, _url, index) => (index === start ? 'reset-after' : 'none');
    try {
      await io.createExclusive(target, bytes(`mine ${randomUUID()}`));
    } finally {
      proxy.faults = () => 'none';
    }
    assert.equal(proxy.requests[start]?.fault, 'reset-after');
    await assert.rejects(s3FileIO().createExclusive(target, bytes('other')), FileAlreadyExistsError);
  });

  it('serves localPath from its read-through cache after the first download', async () => {
    const io = s3FileIO({ viaProxy: true });
    const target = location('data.parquet');
    const content = randomBytes(100_000);
    await io.write(target, content);
    const start = proxy.requests.length;
    const first = await io.localPath(target);
    const afterFirst = proxy.requests.length;
    const second = await io.localPath(target, content.length);
    assert.equal(first, second);
    assert.ok((await fs.readFile(first)).equals(content));
    assert.deepEqual(
      proxy.requests.slice(start, afterFirst).map((r) => r.method),
      ['HEAD', 'GET'],
    );
    assert.equal(proxy.requests.length, afterFirst, 'the second localPath made no request');
    assert.deepEqual(io.cache.stats().hits, 1);
  });
});
