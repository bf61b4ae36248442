import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FileCache } from '../../../layers/iceberg/index.js';

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'file-cache-test-'));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** A fake remote store: counts downloads per location. */
function remote(contents: Record<string, string>) {
  const downloads = new Map<string, number>();
  return {
    downloads,
    fetcher: (location: string) => async (target: string) => {
      downloads.set(location, (downloads.get(location) ?? 0) + 1);
      const body = contents[location];
      if (body === undefined) throw new Error(`missing ${location}`);
      await fs.writeFile(target, body);
    },
  };
}

describe('FileCache', () => {
  it('downloads once and serves later reads from disk', async () => {
    const cache = new FileCache({ dir: path.join(root, 'hit'), maxBytes: 1000 });
    const store = remote({ 's3://b/a': 'alpha' });
    const first = await cache.localPath('s3://b/a', 5, store.fetcher('s3://b/a'));
    const second = await cache.localPath('s3://b/a', 5, store.fetcher('s3://b/a'));
    assert.equal(first, second);
    assert.equal(await fs.readFile(first, 'utf8'), 'alpha');
    assert.equal(store.downloads.get('s3://b/a'), 1);
    assert.deepEqual(cache.stats(), { hits: 1, misses: 1, evictions: 0, bytes: 5, entries: 1 });
  });

  it('shares one download between concurrent readers', async () => {
    const cache = new FileCache({ dir: path.join(root, 'concurrent'), maxBytes: 1000 });
    const store = remote({ 's3://b/c': 'charlie' });
    const paths = await Promise.all(
      Array.from({ length: 8 }, () => cache.localPath('s3://b/c', 7, store.fetcher('s3://b/c'))),
    );
    assert.equal(new Set(paths).size, 1);
    assert.equal(store.downloads.get('s3://b/c'), 1);
  });

  it('evicts the least recently used entries beyond its byte bound', async () => {
    const cache = new FileCache({ dir: path.join(root, 'lru'), maxBytes: 10 });
    const store = remote({ a: 'aaaa', b: 'bbbb', c: 'cccc' });
    const pathA = await cache.localPath('a', 4, store.fetcher('a'));
    const pathB = await cache.localPath('b', 4, store.fetcher('b'));
    await cache.localPath('a', 4, store.fetcher('a')); // a is now more recent than b
    await cache.localPath('c', 4, store.fetcher('c'));
    assert.equal(cache.stats().evictions, 1);
    assert.equal(cache.stats().bytes, 8);
    await assert.rejects(fs.access(pathB));
    await fs.access(pathA);
    await cache.localPath('b', 4, store.fetcher('b'));
    assert.equal(store.downloads.get('b'), 2);
    assert.equal(store.downloads.get('a'), 1);
  });

  it('keys entries by size, so a replaced object is fetched again', async () => {
    const cache = new FileCache({ dir: path.join(root, 'size'), maxBytes: 1000 });
    const contents: Record<string, string> = { x: 'one' };
    const store = remote(contents);
    assert.equal(await fs.readFile(await cache.localPath('x', 3, store.fetcher('x')), 'utf8'), 'one');
    contents.x = 'three';
    assert.equal(await fs.readFile(await cache.localPath('x', 5, store.fetcher('x')), 'utf8'), 'three');
  });

  it('rejects a download whose size differs from the expected one and keeps nothing', async () => {
    const dir = path.join(root, 'mismatch');
    const cache = new FileCache({ dir, maxBytes: 1000 });
    const store = remote({ y: 'short' });
    await assert.rejects(cache.localPath('y', 99, store.fetcher('y')), /has 5 bytes, expected 99/);
    assert.deepEqual(await fs.readdir(dir), []);
    assert.equal(cache.stats().entries, 0);
  });

  it('finds the entries of a previous process and keeps their LRU order', async () => {
    const dir = path.join(root, 'reload');
    const earlier = new FileCache({ dir, maxBytes: 100 });
    const store = remote({ old: 'old!', new: 'new!' });
    const oldPath = await earlier.localPath('old', 4, store.fetcher('old'));
    await fs.utimes(oldPath, new Date(1_000), new Date(1_000));
    await earlier.localPath('new', 4, store.fetcher('new'));
    const later = new FileCache({ dir, maxBytes: 6 });
    await later.localPath('new', 4, store.fetcher('new'));
    assert.equal(store.downloads.get('new'), 1);
    assert.equal(later.stats().hits, 1);
    await assert.rejects(fs.access(oldPath));
  });
});

describe('FileCache shared with another process', () => {
  it('downloads again when another process evicted the file', async () => {
    const cache = new FileCache({ dir: path.join(root, 'shared'), maxBytes: 1000 });
    const store = remote({ z: 'zulu' });
    const first = await cache.localPath('z', 4, store.fetcher('z'));
    await fs.rm(first);
    const second = await cache.localPath('z', 4, store.fetcher('z'));
    assert.equal(await fs.readFile(second, 'utf8'), 'zulu');
    assert.equal(store.downloads.get('z'), 2);
    assert.equal(cache.stats().bytes, 4);
  });
});
