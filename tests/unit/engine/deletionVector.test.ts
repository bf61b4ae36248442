import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import {
  deletionVectorPositions,
  InconsistentTableError,
  readDeletionVectorBlob,
} from '../../../layers/engine/index.js';

function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v);
  return b;
}
function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v);
  return b;
}

/** A deletion-vector-v1 blob around a 64-bit portable Roaring bitmap. */
function blob(buckets: [number, Buffer][]): Buffer {
  const count = Buffer.alloc(8);
  count.writeBigUInt64LE(BigInt(buckets.length));
  const body = Buffer.concat([
    Buffer.from([0xd1, 0xd3, 0x39, 0x64]),
    count,
    ...buckets.flatMap(([key, bitmap]) => [u32(key), bitmap]),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

// 32-bit Roaring, no run containers: one array container (key 0) with 1 and 70000 & 0xffff.
const arrayBitmap = Buffer.concat([
  u32(12346),
  u32(2),
  u16(0),
  u16(1),
  u16(1),
  u16(0),
  u32(0),
  u32(0),
  u16(1),
  u16(9),
  u16(4),
]);
// With run containers: one run container (key 2): values 5..7 of that 16-bit block.
const runBitmap = Buffer.concat([u32(12347), Buffer.from([0x01]), u16(2), u16(2), u16(1), u16(5), u16(2)]);

describe('deletion vectors', () => {
  it('reads array and run containers across 32-bit buckets', () => {
    assert.deepEqual(readDeletionVectorBlob(blob([[0, arrayBitmap]]), 'dv'), [1n, 9n, 65536n + 4n]);
    const high = 1n << 32n;
    assert.deepEqual(readDeletionVectorBlob(blob([[1, runBitmap]]), 'dv'), [
      high + 131072n + 5n,
      high + 131072n + 6n,
      high + 131072n + 7n,
    ]);
  });

  it('finds the blob for a data file inside a Puffin file', () => {
    const dv = blob([[0, arrayBitmap]]);
    const payload = Buffer.from(
      JSON.stringify({
        blobs: [
          {
            type: 'deletion-vector-v1',
            offset: 4,
            length: dv.length,
            properties: { 'referenced-data-file': 's3://b/d.parquet' },
          },
        ],
      }),
    );
    const magic = Buffer.from('PFA1');
    const file = Buffer.concat([magic, dv, magic, payload, u32(payload.length), u32(0), magic]);
    assert.deepEqual(deletionVectorPositions(file, 's3://b/d.parquet', 'dv'), [1n, 9n, 65540n]);
    assert.throws(() => deletionVectorPositions(file, 's3://b/other.parquet', 'dv'), InconsistentTableError);
  });

  it('refuses a blob whose CRC does not match', () => {
    const dv = blob([[0, arrayBitmap]]);
    dv[dv.length - 1] = (dv[dv.length - 1] ?? 0) ^ 0xff;
    assert.throws(() => readDeletionVectorBlob(dv, 'dv'), /CRC mismatch/);
  });
});
