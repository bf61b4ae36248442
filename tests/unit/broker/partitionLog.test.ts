import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { FileHandlePool } from '../../../local/broker/log/FileHandlePool.js';
import type { LogSettings } from '../../../local/broker/log/LogSettings.js';
import { PartitionLog } from '../../../local/broker/log/PartitionLog.js';
import { readBatchHeader } from '../../../local/broker/log/RecordBatch.js';
import { BrokerError, ErrorCode } from '../../../local/broker/protocol/errors.js';
import { buildBatch } from './recordBatchBuilder.js';

const settings: LogSettings = {
  segmentBytes: 1024,
  indexIntervalBytes: 128,
  fsync: 'never',
  fsyncIntervalMs: 1000,
  retentionMs: -1,
  retentionBytes: -1,
  retentionCheckIntervalMs: 60_000,
};

// Two open files at most, so every test also runs with segment files evicted and reopened.
const environment = { files: new FileHandlePool(2), warn: () => undefined };

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-log-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function batchesIn(data: Buffer): { baseOffset: number; count: number }[] {
  const out: { baseOffset: number; count: number }[] = [];
  for (let at = 0; at < data.length; ) {
    const header = readBatchHeader(data, at);
    out.push({ baseOffset: header.baseOffset, count: header.recordCount });
    at += header.size;
  }
  return out;
}

function errorCodeOf(run: () => unknown): number {
  try {
    run();
  } catch (error) {
    if (error instanceof BrokerError) return error.code;
    throw error;
  }
  return ErrorCode.NONE;
}

test('appends assign consecutive offsets, roll segments and read back from any offset', () => {
  const dir = tempDir();
  const log = new PartitionLog('t', 0, dir, settings, environment);
  for (let i = 0; i < 20; i++) {
    const result = log.append([buildBatch([{ value: `a${i}-`.padEnd(60, 'x') }, { value: `b${i}` }])]);
    assert.equal(result.baseOffset, i * 2);
  }
  assert.equal(log.logEndOffset, 40);
  assert.ok(fs.readdirSync(dir).filter((name) => name.endsWith('.log')).length > 1, 'segments rolled');
  const read = log.read(13, 1);
  assert.deepEqual(batchesIn(read), [{ baseOffset: 12, count: 2 }]);
  assert.equal(log.read(40, 1000).length, 0);
  assert.equal(
    errorCodeOf(() => log.read(41, 100)),
    ErrorCode.OFFSET_OUT_OF_RANGE,
  );
  log.close();
  const reopened = new PartitionLog('t', 0, dir, settings, environment);
  assert.equal(reopened.logEndOffset, 40);
  assert.deepEqual(batchesIn(reopened.read(31, 1)), [{ baseOffset: 30, count: 2 }]);
  reopened.close();
});

test('recovery truncates a torn tail and keeps every whole batch', () => {
  const dir = tempDir();
  const log = new PartitionLog('t', 0, dir, settings, environment);
  log.append([buildBatch([{ value: 'one' }])]);
  log.append([buildBatch([{ value: 'two' }])]);
  log.flush();
  const segment = path.join(dir, '00000000000000000000.log');
  fs.appendFileSync(segment, buildBatch([{ value: 'torn' }]).subarray(0, 30));
  const recovered = new PartitionLog('t', 0, dir, settings, environment);
  assert.equal(recovered.recoveredTruncation, true);
  assert.equal(recovered.logEndOffset, 2);
  assert.equal(recovered.append([buildBatch([{ value: 'three' }])]).baseOffset, 2);
  recovered.close();
});

test('a batch corrupted on disk is never served', () => {
  const dir = tempDir();
  const log = new PartitionLog('t', 0, dir, { ...settings, segmentBytes: 1 << 20 }, environment);
  log.append([buildBatch([{ value: 'good' }])]);
  const second = log.append([buildBatch([{ value: 'will be corrupted' }])]);
  log.append([buildBatch([{ value: 'after' }])]);
  log.close();
  const segment = path.join(dir, '00000000000000000000.log');
  const bytes = fs.readFileSync(segment);
  const position = readBatchHeader(bytes).size;
  bytes[position + 70] = (bytes[position + 70] as number) ^ 0xff;
  fs.writeFileSync(segment, bytes);
  const reopened = new PartitionLog('t', 0, dir, { ...settings, segmentBytes: 1 << 20 }, environment);
  assert.equal(reopened.logEndOffset, second.baseOffset, 'the corrupt batch ends the recovered log');
  assert.deepEqual(batchesIn(reopened.read(0, 1 << 20)), [{ baseOffset: 0, count: 1 }]);
  reopened.close();
});

test('a corrupt batch in a closed segment is refused with CORRUPT_MESSAGE', () => {
  const dir = tempDir();
  const log = new PartitionLog('t', 0, dir, settings, environment);
  for (let i = 0; i < 30; i++) log.append([buildBatch([{ value: `record-${i}`.padEnd(100, '.') }])]);
  log.close();
  const first = path.join(dir, '00000000000000000000.log');
  const bytes = fs.readFileSync(first);
  bytes[100] = (bytes[100] as number) ^ 0xff;
  fs.writeFileSync(first, bytes);
  const reopened = new PartitionLog('t', 0, dir, settings, environment);
  assert.equal(reopened.logEndOffset, 30, 'closed segments reopen from their index');
  assert.equal(
    errorCodeOf(() => reopened.read(0, 1 << 20)),
    ErrorCode.CORRUPT_MESSAGE,
  );
  reopened.close();
});

test('retention by size deletes the oldest closed segments', () => {
  const dir = tempDir();
  const log = new PartitionLog('t', 0, dir, { ...settings, retentionBytes: 2048 }, environment);
  for (let i = 0; i < 40; i++) log.append([buildBatch([{ value: 'x'.repeat(200) }])]);
  const before = log.sizeBytes;
  assert.ok(log.enforceRetention(Date.now()) > 0);
  assert.ok(log.sizeBytes < before && log.sizeBytes <= 2048 + 1024);
  assert.ok(log.logStartOffset > 0);
  assert.equal(
    errorCodeOf(() => log.read(0, 100)),
    ErrorCode.OFFSET_OUT_OF_RANGE,
  );
  log.close();
});

test('retention by time deletes closed segments whose newest record is too old', () => {
  const dir = tempDir();
  const log = new PartitionLog('t', 0, dir, { ...settings, retentionMs: 1000 }, environment);
  for (let i = 0; i < 10; i++) log.append([buildBatch([{ value: 'y'.repeat(300) }], { baseTimestamp: 1000 + i })]);
  log.enforceRetention(10_000);
  assert.equal(log.sizeBytes, 0, 'the expired active segment is rolled and deleted too');
  assert.equal(log.logStartOffset, 10);
  assert.equal(log.logEndOffset, 10);
  assert.equal(log.append([buildBatch([{ value: 'fresh' }], { baseTimestamp: 20_000 })]).baseOffset, 10);
  log.enforceRetention(20_500);
  assert.equal(log.logEndOffset, 11, 'a segment within retention is kept');
  assert.equal(log.logStartOffset, 10);
  log.close();
});

test('offsets by timestamp find the first record at or after the time', () => {
  const dir = tempDir();
  const log = new PartitionLog('t', 0, dir, settings, environment);
  log.append([buildBatch([{ value: 'a' }, { value: 'b', timestampDelta: 10 }], { baseTimestamp: 5000 })]);
  log.append([buildBatch([{ value: 'c' }], { baseTimestamp: 6000 })]);
  assert.equal(log.offsetForTimestamp(0), 0);
  assert.equal(log.offsetForTimestamp(5005), 1);
  assert.equal(log.offsetForTimestamp(5011), 2);
  assert.equal(log.offsetForTimestamp(7000), -1);
  log.close();
});

test('idempotent batches: duplicates are acknowledged once, gaps and old epochs refused', () => {
  const dir = tempDir();
  const log = new PartitionLog('t', 0, dir, settings, environment);
  const producer = { producerId: 7, producerEpoch: 0 };
  assert.equal(
    log.append([buildBatch([{ value: 'a' }, { value: 'b' }], { ...producer, baseSequence: 0 })]).baseOffset,
    0,
  );
  const duplicate = log.append([buildBatch([{ value: 'a' }, { value: 'b' }], { ...producer, baseSequence: 0 })]);
  assert.equal(duplicate.baseOffset, 0);
  assert.equal(duplicate.appendedRecords, 0);
  assert.equal(log.logEndOffset, 2);
  assert.equal(
    errorCodeOf(() => log.append([buildBatch([{ value: 'c' }], { ...producer, baseSequence: 5 })])),
    ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
  );
  assert.equal(log.append([buildBatch([{ value: 'c' }], { ...producer, baseSequence: 2 })]).baseOffset, 2);
  assert.equal(
    log.append([buildBatch([{ value: 'd' }], { producerId: 7, producerEpoch: 1, baseSequence: 0 })]).baseOffset,
    3,
  );
  assert.equal(
    errorCodeOf(() => log.append([buildBatch([{ value: 'e' }], { ...producer, baseSequence: 3 })])),
    ErrorCode.INVALID_PRODUCER_EPOCH,
  );
  log.close();
  const reopened = new PartitionLog('t', 0, dir, settings, environment);
  const retried = reopened.append([buildBatch([{ value: 'd' }], { producerId: 7, producerEpoch: 1, baseSequence: 0 })]);
  assert.equal(retried.baseOffset, 3, 'producer state is rebuilt on recovery');
  assert.equal(reopened.largestProducerId, 7);
  reopened.close();
});
