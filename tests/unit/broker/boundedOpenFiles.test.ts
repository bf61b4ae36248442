/**
 * Many partitions, few descriptors: with BROKER_MAX_OPEN_FILES at its minimum (8) a broker writes
 * and reads 64 partitions of several segments each, interleaved, and every byte comes back as it
 * was written, while neither the pool nor the process ever holds more than the bound.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { LogManager } from '../../../local/broker/log/LogManager.js';
import type { LogLimits, LogSettings } from '../../../local/broker/log/LogSettings.js';
import { readBatchHeader } from '../../../local/broker/log/RecordBatch.js';
import { buildBatch } from './recordBatchBuilder.js';

const MAX_OPEN_FILES = 8;
const PARTITIONS = 64;
const ROUNDS = 12;

const settings: LogSettings & LogLimits = {
  segmentBytes: 512,
  indexIntervalBytes: 128,
  fsync: 'always',
  fsyncIntervalMs: 1000,
  retentionMs: -1,
  retentionBytes: -1,
  retentionCheckIntervalMs: 60_000,
  maxPartitionsPerTopic: PARTITIONS,
  maxPartitions: PARTITIONS,
  maxOpenFiles: MAX_OPEN_FILES,
};

function openDescriptors(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/** Every batch of `data` with its base offset, in log order. */
function batchesIn(data: Buffer): { offset: number; bytes: Buffer }[] {
  const out: { offset: number; bytes: Buffer }[] = [];
  for (let at = 0; at < data.length; ) {
    const { baseOffset, size } = readBatchHeader(data, at);
    out.push({ offset: baseOffset, bytes: data.subarray(at, at + size) });
    at += size;
  }
  return out;
}

test(`${PARTITIONS} partitions written and read through ${MAX_OPEN_FILES} descriptors keep every byte`, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-fds-'));
  const descriptorsBefore = openDescriptors();
  let mostDescriptors = descriptorsBefore;
  let mostPooled = 0;
  const sample = (logs: LogManager): void => {
    mostDescriptors = Math.max(mostDescriptors, openDescriptors());
    mostPooled = Math.max(mostPooled, logs.openFiles);
  };
  const written = new Map<string, Buffer>();
  try {
    const logs = new LogManager(dataDir, settings, (message) => assert.fail(message));
    logs.createTopic('wide', PARTITIONS);
    for (let round = 0; round < ROUNDS; round++) {
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const batch = buildBatch([{ value: `p${partition}-r${round}-`.padEnd(90, String.fromCharCode(97 + round)) }]);
        const { baseOffset } = logs.partition('wide', partition).append([batch]);
        assert.equal(baseOffset, round);
        written.set(`${partition}/${round}`, batch);
        sample(logs);
      }
    }
    logs.close();

    const warnings: string[] = [];
    const reopened = new LogManager(dataDir, settings, (message) => warnings.push(message));
    assert.deepEqual(warnings, []);
    for (let round = ROUNDS - 1; round >= 0; round--) {
      for (let partition = 0; partition < PARTITIONS; partition += 3) {
        const log = reopened.partition('wide', partition);
        assert.ok(log.logEndOffset === ROUNDS);
        const [first] = batchesIn(log.read(round, 1));
        const expected = written.get(`${partition}/${round}`) as Buffer;
        assert.equal(first?.offset, round);
        // Only the base offset (the first 8 bytes) is the broker's to rewrite.
        assert.deepEqual(first?.bytes.subarray(8), expected.subarray(8), `partition ${partition} offset ${round}`);
        sample(reopened);
      }
    }
    const segments = fs.readdirSync(path.join(dataDir, 'topics', 'wide-0')).filter((name) => name.endsWith('.log'));
    assert.ok(segments.length >= 3, `each partition rolled several segments (${segments.length})`);
    reopened.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  assert.ok(mostPooled >= 1 && mostPooled <= MAX_OPEN_FILES, `pool held ${mostPooled}`);
  assert.ok(
    mostDescriptors - descriptorsBefore <= MAX_OPEN_FILES,
    `the process held ${mostDescriptors - descriptorsBefore} more descriptors than before, above ${MAX_OPEN_FILES}`,
  );
});
