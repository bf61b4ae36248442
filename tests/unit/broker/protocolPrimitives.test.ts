import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MalformedRequestError } from '../../../local/broker/protocol/errors.js';
import { Reader } from '../../../local/broker/protocol/Reader.js';
import { Writer } from '../../../local/broker/protocol/Writer.js';

test('writer and reader round-trip every primitive, across buffer growth', () => {
  const big = Buffer.alloc(5000, 7);
  const writer = new Writer(4)
    .int8(-3)
    .bool(true)
    .int16(-300)
    .int32(123456789)
    .int64(2 ** 50 + 3)
    .unsignedVarint(300)
    .string('héllo')
    .nullableString(null)
    .compactString('topic')
    .bytes(big)
    .array([1, 2, 3], (w, n) => w.int32(n))
    .compactArray(['a'], (w, s) => w.compactString(s))
    .emptyTaggedFields();
  const reader = new Reader(writer.toBuffer());
  assert.equal(reader.int8(), -3);
  assert.equal(reader.bool(), true);
  assert.equal(reader.int16(), -300);
  assert.equal(reader.int32(), 123456789);
  assert.equal(reader.int64(), 2 ** 50 + 3);
  assert.equal(reader.unsignedVarint(), 300);
  assert.equal(reader.string(), 'héllo');
  assert.equal(reader.nullableString(), null);
  assert.equal(reader.compactString(), 'topic');
  assert.deepEqual(reader.bytes(), big);
  assert.deepEqual(
    reader.array((r) => r.int32()),
    [1, 2, 3],
  );
  assert.deepEqual(
    reader.compactArray((r) => r.compactString()),
    ['a'],
  );
  reader.skipTaggedFields();
  assert.equal(reader.remaining, 0);
});

test('reading past the end of a frame is a MalformedRequestError', () => {
  assert.throws(() => new Reader(Buffer.from([0, 5, 65])).string(), MalformedRequestError);
  assert.throws(() => new Reader(Buffer.from([0x7f, 0xff, 0xff, 0xff])).array((r) => r.int32()), MalformedRequestError);
});

test('spliced bytes are sent by reference, in place, and read back like copied ones', () => {
  const records = Buffer.from('record batches from the log');
  const copied = new Writer(4).int32(7).nullableBytes(records).int16(3).nullableBytes(null).toBuffer();
  const writer = new Writer(4).int32(7).splicedNullableBytes(records).int16(3).splicedNullableBytes(null);
  const pieces = writer.toBuffers();
  assert.equal(pieces.length, 3);
  assert.equal(pieces[1], records, 'the spliced buffer itself, not a copy');
  assert.deepEqual(Buffer.concat(pieces), copied);
  assert.deepEqual(writer.toBuffer(), copied);
  assert.deepEqual(new Writer().splicedNullableBytes(Buffer.alloc(0)).toBuffers(), [Buffer.from([0, 0, 0, 0])]);
});
