import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  FileAlreadyExistsError,
  FileNotFoundError,
  fileIOFor,
  LocalFileIO,
  S3FileIO,
} from '../../../layers/iceberg/index.js';

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'local-file-io-'));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const io = new LocalFileIO();
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

async function collect(iterable: AsyncIterable<{ location: string; size: number }>) {
  const found: { location: string; size: number }[] = [];
  for await (const info of iterable) found.push({ location: info.location, size: info.size });
  return found;
}

describe('LocalFileIO', () => {
  it('writes, reads, stats and replaces files, creating parent directories', async () => {
    const location = path.join(root, 'rw', 'deep', 'a.json');
    await io.write(location, bytes('first'));
    assert.equal(text(await io.read(location)), 'first');
    await io.write(location, bytes('second!'));
    assert.equal(text(await io.read(location)), 'second!');
    const info = await io.stat(location);
    assert.equal(info.size, 7);
    assert.ok(info.lastModifiedMs > 0);
    assert.equal(await io.exists(location), true);
    assert.deepEqual(await fs.readdir(path.dirname(location)), ['a.json'], 'no temp file left behind');
  });

  it('accepts file:// and file:/ URIs for the same files', async () => {
    const filePath = path.join(root, 'uri dir', 'b.txt');
    await io.write(pathToFileURL(filePath).href, bytes('via uri'));
    assert.equal(text(await io.read(filePath)), 'via uri');
    assert.equal(text(await io.read(`file:${filePath.replaceAll(' ', '%20')}`)), 'via uri');
    assert.equal(await io.localPath(pathToFileURL(filePath).href), filePath);
  });

  it('creates a file only if absent', async () => {
    const location = path.join(root, 'exclusive', 'v1.metadata.json');
    await io.createExclusive(location, bytes('winner'));
    await assert.rejects(io.createExclusive(location, bytes('loser')), FileAlreadyExistsError);
    assert.equal(text(await io.read(location)), 'winner');
    assert.deepEqual(await fs.readdir(path.dirname(location)), ['v1.metadata.json']);
  });

  it('lets exactly one of many concurrent creators win', async () => {
    const location = path.join(root, 'race-in-process', 'v2.metadata.json');
    const results = await Promise.allSettled(
      Array.from({ length: 32 }, (_, i) => io.createExclusive(location, bytes(`writer ${i}`))),
    );
    const winners = results.filter((r) => r.status === 'fulfilled');
    const losers = results.filter((r) => r.status === 'rejected');
    assert.equal(winners.length, 1);
    for (const loser of losers) assert.ok(loser.reason instanceof FileAlreadyExistsError);
    assert.match(text(await io.read(location)), /^writer \d+$/);
  });

  it('reports missing files as FileNotFoundError with the location', async () => {
    const location = path.join(root, 'missing', 'nope.avro');
    await assert.rejects(io.read(location), (error: unknown) => {
      assert.ok(error instanceof FileNotFoundError);
      assert.equal(error.location, location);
      assert.equal(error.retriable, false);
      return true;
    });
    await assert.rejects(io.stat(location), FileNotFoundError);
    assert.equal(await io.exists(location), false);
    await io.delete(location);
  });

  it('lists recursively under a directory or a path prefix, in the style of the prefix', async () => {
    const base = path.join(root, 'list');
    await io.write(path.join(base, 'data', 'p=1', 'f1.parquet'), bytes('1'));
    await io.write(path.join(base, 'data', 'p=2', 'f2.parquet'), bytes('22'));
    await io.write(path.join(base, 'metadata', 'v1.metadata.json'), bytes('333'));
    assert.deepEqual(await collect(io.list(base)), [
      { location: path.join(base, 'data', 'p=1', 'f1.parquet'), size: 1 },
      { location: path.join(base, 'data', 'p=2', 'f2.parquet'), size: 2 },
      { location: path.join(base, 'metadata', 'v1.metadata.json'), size: 3 },
    ]);
    assert.deepEqual(
      (await collect(io.list(path.join(base, 'data', 'p=')))).map((f) => f.location),
      [path.join(base, 'data', 'p=1', 'f1.parquet'), path.join(base, 'data', 'p=2', 'f2.parquet')],
    );
    assert.deepEqual(
      (await collect(io.list(pathToFileURL(path.join(base, 'metadata')).href))).map((f) => f.location),
      [pathToFileURL(path.join(base, 'metadata', 'v1.metadata.json')).href],
    );
    assert.deepEqual(await collect(io.list(path.join(root, 'no-such-dir'))), []);
  });

  it('deletes files', async () => {
    const location = path.join(root, 'delete', 'x');
    await io.write(location, bytes('x'));
    await io.delete(location);
    assert.equal(await io.exists(location), false);
  });

  it('uploads a local file with putFile', async () => {
    const source = path.join(root, 'source.bin');
    await fs.writeFile(source, Buffer.alloc(100_000, 7));
    const location = path.join(root, 'put', 'copy.bin');
    await io.putFile(location, source);
    assert.deepEqual(Buffer.from(await io.read(location)), Buffer.alloc(100_000, 7));
    await io.putFile(source, source);
    assert.equal((await io.stat(source)).size, 100_000);
  });
});

describe('fileIOFor', () => {
  it('chooses the implementation by URI scheme', () => {
    assert.ok(fileIOFor('/warehouse') instanceof LocalFileIO);
    assert.ok(fileIOFor('file:///warehouse') instanceof LocalFileIO);
    const options = {
      s3: { endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
      cache: { dir: path.join(root, 'cache'), maxBytes: 1024 },
    };
    const s3 = fileIOFor('s3://bucket/warehouse', options);
    assert.ok(s3 instanceof S3FileIO);
    assert.equal(s3.cache.options.dir, path.join(root, 'cache'));
    assert.equal(fileIOFor('s3://other/x', options), s3, 'one instance per options object');
    assert.notEqual(fileIOFor('s3://other/x', { ...options }), s3);
    assert.throws(() => fileIOFor('hdfs://nn/warehouse'), /no FileIO for location hdfs:/);
  });
});
