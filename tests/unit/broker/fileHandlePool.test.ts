import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { FileHandlePool } from '../../../local/broker/log/FileHandlePool.js';

function openDescriptors(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

test('keeps at most its capacity open, closing the least recently used, and reopens on demand', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-fds-'));
  try {
    const pool = new FileHandlePool(3);
    const before = openDescriptors();
    const files = Array.from({ length: 10 }, (_, i) => path.join(dir, `f${i}`));
    for (const [i, file] of files.entries()) fs.writeSync(pool.descriptor(file), `data-${i}`, 0);
    assert.equal(pool.openCount, 3);
    assert.equal(openDescriptors() - before, 3);
    const recent = pool.descriptor(files[9] as string);
    pool.descriptor(files[7] as string);
    pool.descriptor(path.join(dir, 'extra'));
    assert.equal(pool.descriptor(files[9] as string), recent, 'a recently used file stays open');
    const buffer = Buffer.alloc(6);
    fs.readSync(pool.descriptor(files[0] as string), buffer, 0, 6, 0);
    assert.equal(buffer.toString(), 'data-0', 'an evicted file reopens with its data');
    assert.equal(pool.openCount, 3);
    pool.release(files[0] as string);
    assert.equal(pool.openCount, 2);
    pool.closeAll();
    assert.equal(pool.openCount, 0);
    assert.equal(openDescriptors(), before);
    assert.throws(() => new FileHandlePool(0), /open segment file limit 0/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
