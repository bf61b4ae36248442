import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32c } from '../../../local/broker/log/crc32c.js';

test('crc32c matches the Castagnoli check value and handles unaligned tails', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  assert.equal(crc32c(Buffer.alloc(0)), 0);
  assert.equal(crc32c(Buffer.alloc(32, 0)), 0x8a9136aa);
  const data = Buffer.from('xx123456789yy');
  assert.equal(crc32c(data, 2, 11), 0xe3069283);
});
