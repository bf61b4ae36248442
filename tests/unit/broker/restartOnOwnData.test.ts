/**
 * The broker always starts on its own data folder: whatever an interrupted run, a full disk or a
 * careless hand left behind is repaired or skipped with a warning that names the file, never thrown.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { OffsetStore } from '../../../local/broker/coordinator/OffsetStore.js';
import { LogManager } from '../../../local/broker/log/LogManager.js';
import type { LogLimits, LogSettings } from '../../../local/broker/log/LogSettings.js';
import { readBatchHeader } from '../../../local/broker/log/RecordBatch.js';
import { TopicMarkers } from '../../../local/broker/log/TopicMarkers.js';
import { buildBatch } from './recordBatchBuilder.js';

const settings: LogSettings & LogLimits = {
  segmentBytes: 1024,
  indexIntervalBytes: 128,
  fsync: 'never',
  fsyncIntervalMs: 1000,
  retentionMs: -1,
  retentionBytes: -1,
  retentionCheckIntervalMs: 60_000,
  maxPartitionsPerTopic: 8,
  maxPartitions: 12,
  maxOpenFiles: 4,
};

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-restart-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function open(dataDir: string, limits: Partial<LogLimits> = {}): { logs: LogManager; warnings: string[] } {
  const warnings: string[] = [];
  const logs = new LogManager(dataDir, { ...settings, ...limits }, (message) => warnings.push(message));
  return { logs, warnings };
}

/** Writes `count` records of about 100 bytes to topic t partition 0, enough to roll several segments. */
function fill(dataDir: string, count: number): void {
  const { logs } = open(dataDir);
  logs.createTopic('t', 1);
  const log = logs.partition('t', 0);
  for (let i = 0; i < count; i++) log.append([buildBatch([{ value: `record-${i}`.padEnd(100, '.') }])]);
  logs.close();
}

function offsetsIn(data: Buffer): number[] {
  const out: number[] = [];
  for (let at = 0; at < data.length; at += readBatchHeader(data, at).size)
    out.push(readBatchHeader(data, at).baseOffset);
  return out;
}

function partitionDir(dataDir: string, name: string): string {
  return path.join(dataDir, 'topics', name);
}

function segmentFiles(dataDir: string, extension: string): string[] {
  const dir = partitionDir(dataDir, 't-0');
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => path.join(dir, name));
}

test('a topic whose creation was interrupted gets its missing partitions back, with a warning', () => {
  const dataDir = tempDir();
  for (const partition of [0, 2]) fs.mkdirSync(partitionDir(dataDir, `half-${partition}`), { recursive: true });
  const { logs, warnings } = open(dataDir);
  assert.equal(logs.partitions('half')?.length, 3);
  assert.equal(logs.partition('half', 1).append([buildBatch([{ value: 'x' }])]).baseOffset, 0);
  assert.ok(
    warnings.some((w) => /topic half: 1 of its 3 partition directories were missing/.test(w)),
    warnings.join('\n'),
  );
  logs.close();
});

test('a missing index is rebuilt from the segment', () => {
  const dataDir = tempDir();
  fill(dataDir, 40);
  const indexes = segmentFiles(dataDir, '.index');
  assert.ok(indexes.length > 2, 'several closed segments');
  fs.rmSync(indexes[0] as string);
  const { logs, warnings } = open(dataDir);
  const log = logs.partition('t', 0);
  assert.equal(log.logEndOffset, 40);
  assert.deepEqual(offsetsIn(log.read(3, 1)), [3]);
  assert.ok(
    warnings.some((w) => /t-0: index of segment 0 missing or inconsistent, rebuilt/.test(w)),
    warnings.join('\n'),
  );
  logs.close();
});

test('an index whose header matches but whose entries are garbage is not trusted', () => {
  const dataDir = tempDir();
  fill(dataDir, 40);
  const index = segmentFiles(dataDir, '.index')[1] as string;
  const bytes = fs.readFileSync(index);
  for (let at = 24; at < bytes.length; at++) bytes[at] = 0x5a;
  fs.writeFileSync(index, bytes);
  const { logs, warnings } = open(dataDir);
  const log = logs.partition('t', 0);
  assert.equal(log.logEndOffset, 40);
  for (let offset = 0; offset < 40; offset += 7) assert.deepEqual(offsetsIn(log.read(offset, 1)), [offset]);
  assert.ok(warnings.some((w) => /rebuilt/.test(w)));
  logs.close();
});

test('an index cut short or stale (log size differs) is rebuilt', () => {
  const dataDir = tempDir();
  fill(dataDir, 40);
  const [first, second] = segmentFiles(dataDir, '.index') as [string, string];
  fs.truncateSync(first, 10);
  const stale = fs.readFileSync(second);
  stale.writeBigInt64BE(12345n, 0);
  fs.writeFileSync(second, stale);
  const { logs, warnings } = open(dataDir);
  assert.equal(logs.partition('t', 0).logEndOffset, 40);
  assert.equal(warnings.filter((w) => /rebuilt/.test(w)).length, 2);
  logs.close();
});

test('empty segments (a roll interrupted before its first write) are dropped, the log continues', () => {
  const dataDir = tempDir();
  fill(dataDir, 40);
  const logsBefore = segmentFiles(dataDir, '.log');
  const last = path.basename(logsBefore[logsBefore.length - 1] as string, '.log');
  const emptyAfter = path.join(partitionDir(dataDir, 't-0'), `${String(Number(last) + 1000).padStart(20, '0')}.log`);
  fs.writeFileSync(emptyAfter, '');
  const { logs } = open(dataDir);
  const log = logs.partition('t', 0);
  assert.equal(log.logEndOffset, 40);
  assert.equal(log.append([buildBatch([{ value: 'next' }])]).baseOffset, 40);
  assert.equal(fs.existsSync(emptyAfter), false);
  logs.close();
});

test('a torn or unreadable offsets file loads what it can and says what it skipped', () => {
  const dataDir = tempDir();
  const file = path.join(dataDir, 'group-offsets.jsonl');
  fs.writeFileSync(
    file,
    [
      '{"g":"g1","t":"t","p":0,"o":10,"m":null}',
      '\u0000\u0000garbage',
      '{"g":"g1","t":"t","p":1}',
      '[1,2,3]',
      '{"g":"g2","t":"t","p":0,"o":5,"m":"meta"}',
      '{"g":"g2","t":"t","p":0,"o":7',
    ].join('\n'),
  );
  const warnings: string[] = [];
  const store = new OffsetStore(dataDir, false, (message) => warnings.push(message));
  assert.deepEqual(store.fetch('g1', 't', 0), { offset: 10, metadata: null });
  assert.deepEqual(store.fetch('g2', 't', 0), { offset: 5, metadata: 'meta' });
  assert.equal(store.fetch('g1', 't', 1), undefined);
  assert.ok(
    warnings.some((w) => /skipped 4 torn or unreadable line/.test(w)),
    warnings.join('\n'),
  );
  store.close();
  const again = new OffsetStore(dataDir, false, (message) => warnings.push(message));
  assert.deepEqual(again.fetch('g2', 't', 0), { offset: 5, metadata: 'meta' });
  again.close();
});

test('stray files, bad names and topics past the limits are skipped with a warning and kept on disk', () => {
  const dataDir = tempDir();
  const topics = path.join(dataDir, 'topics');
  fs.mkdirSync(topics, { recursive: true });
  fs.writeFileSync(path.join(topics, 'notes.txt'), 'hello');
  fs.writeFileSync(path.join(topics, 'file-0'), 'not a directory');
  fs.mkdirSync(path.join(topics, 'bad name-0'));
  for (let partition = 0; partition < 9; partition++) fs.mkdirSync(path.join(topics, `wide-${partition}`));
  for (let partition = 0; partition < 8; partition++) fs.mkdirSync(path.join(topics, `a-${partition}`));
  for (let partition = 0; partition < 8; partition++) fs.mkdirSync(path.join(topics, `b-${partition}`));
  fs.mkdirSync(path.join(dataDir, 'topic-configs'));
  fs.writeFileSync(path.join(dataDir, 'topic-configs', 'a.json'), '{"retention.ms": "never"');
  const { logs, warnings } = open(dataDir);
  assert.deepEqual(logs.topicNames(), ['a']);
  assert.equal(logs.describeConfig('a').find((c) => c.name === 'retention.ms')?.isDefault, true);
  const expect = [
    /notes\.txt: not a <topic>-<partition> directory/,
    /file-0: not a <topic>-<partition> directory/,
    /topic bad name \(1 partitions on disk\) not loaded/,
    /topic wide \(9 partitions on disk\) not loaded.*limit of 8 per topic/,
    /topic b \(8 partitions on disk\) not loaded.*above its limit of 12/,
    /a\.json ignored, topic a uses the broker's settings/,
  ];
  for (const pattern of expect)
    assert.ok(
      warnings.some((w) => pattern.test(w)),
      `${pattern}\n${warnings.join('\n')}`,
    );
  assert.ok(fs.existsSync(path.join(topics, 'wide-8')), 'skipped topics keep their files');
  logs.close();
  const raised = open(dataDir, { maxPartitionsPerTopic: 16, maxPartitions: 100 });
  assert.deepEqual(raised.logs.topicNames(), ['a', 'b', 'wide']);
  raised.logs.close();
});

test('a creation cut short after some directories is completed from its marker', () => {
  const dataDir = tempDir();
  const topics = path.join(dataDir, 'topics');
  fs.mkdirSync(topics, { recursive: true });
  const markers = new TopicMarkers(topics);
  markers.write('creating', 'cut', 6);
  for (const partition of [0, 1]) fs.mkdirSync(path.join(topics, `cut-${partition}`));
  markers.write('creating', 'unstarted', 3);
  fs.writeFileSync(markers.fileOf('creating', 'garbled'), '{"topic": "garb');
  fs.mkdirSync(path.join(topics, 'garbled-0'));
  fs.writeFileSync(markers.fileOf('creating', 'impostor'), '{"topic": "other", "partitions": 2}');
  markers.write('deleting', '../escape', 1);
  fs.mkdirSync(path.join(dataDir, 'escape-0'));
  const { logs, warnings } = open(dataDir);
  assert.equal(logs.partitions('cut')?.length, 6);
  assert.equal(logs.partitions('unstarted')?.length, 3);
  assert.equal(logs.partitions('garbled')?.length, 1);
  assert.equal(logs.partition('cut', 5).append([buildBatch([{ value: 'x' }])]).baseOffset, 0);
  const expect = [
    /\.creating-[0-9a-f]{32}: the creation of topic cut with 6 partitions was interrupted after 2 of them; completing it/,
    /\.creating-[0-9a-f]{32}: the creation of topic unstarted with 3 partitions was interrupted after 0 of them/,
    /\.creating-[0-9a-f]{32}: unreadable \(.*JSON.*\); removed, the topic directories on disk are taken as they are/,
    /\.creating-[0-9a-f]{32}: names topic "other", not its own; removed/,
    /\.deleting-[0-9a-f]{32}: invalid topic name "\.\.\/escape".*; removed/,
  ];
  for (const pattern of expect)
    assert.ok(
      warnings.some((w) => pattern.test(w)),
      `${pattern}\n${warnings.join('\n')}`,
    );
  assert.deepEqual(
    fs.readdirSync(topics).filter((name) => name.startsWith('.creating')),
    [],
    'the markers are gone once the creations are finished',
  );
  assert.ok(fs.existsSync(path.join(dataDir, 'escape-0')), 'a marker never reaches outside topics/');
  logs.close();
  const again = open(dataDir);
  assert.deepEqual(again.warnings, [], 'a second start has nothing left to repair');
  assert.deepEqual(again.logs.topicNames(), ['cut', 'garbled', 'unstarted']);
  again.logs.close();
});

test('a deletion cut short is finished at the next start', () => {
  const dataDir = tempDir();
  const first = open(dataDir);
  first.logs.createTopic('gone', 4, new Map([['retention.ms', '1000']]));
  first.logs.createTopic('kept', 1);
  first.logs.partition('kept', 0).append([buildBatch([{ value: 'stays' }])]);
  first.logs.close();
  const topics = path.join(dataDir, 'topics');
  // As if the broker died after removing two of the four partition directories.
  new TopicMarkers(topics).write('deleting', 'gone', 4);
  for (const partition of [0, 2]) fs.rmSync(path.join(topics, `gone-${partition}`), { recursive: true });
  const { logs, warnings } = open(dataDir);
  assert.deepEqual(logs.topicNames(), ['kept']);
  assert.equal(logs.partition('kept', 0).logEndOffset, 1);
  assert.ok(
    warnings.some((w) => /\.deleting-[0-9a-f]{32}: the deletion of topic gone was interrupted; finishing it/.test(w)),
    warnings.join('\n'),
  );
  assert.deepEqual(fs.readdirSync(topics).sort(), ['kept-0']);
  assert.equal(fs.existsSync(path.join(dataDir, 'topic-configs', 'gone.json')), false);
  logs.close();
});

test('a creation that fails part-way removes what it made, marker included', () => {
  const dataDir = tempDir();
  const { logs } = open(dataDir);
  const topics = path.join(dataDir, 'topics');
  fs.writeFileSync(path.join(topics, 'blocked-2'), 'a file where a partition directory must go');
  assert.throws(() => logs.createTopic('blocked', 4), /EEXIST/);
  assert.deepEqual(fs.readdirSync(topics).sort(), ['blocked-2']);
  assert.equal(logs.partitions('blocked'), undefined);
  logs.close();
});

test("a topic name of Kafka's full 249 characters, with overrides, is created, reloaded and deleted", () => {
  const dataDir = tempDir();
  const name = 'n'.repeat(249);
  const first = open(dataDir);
  first.logs.createTopic(name, 3, new Map([['retention.ms', '60000']]));
  first.logs.partition(name, 2).append([buildBatch([{ value: 'long' }])]);
  first.logs.close();
  const { logs, warnings } = open(dataDir);
  assert.deepEqual(warnings, []);
  assert.equal(logs.partition(name, 2).logEndOffset, 1);
  assert.equal(logs.describeConfig(name).find((c) => c.name === 'retention.ms')?.value, '60000');
  logs.deleteTopic(name);
  assert.deepEqual(fs.readdirSync(path.join(dataDir, 'topics')), []);
  logs.close();
});

test('an offsets file that cannot be read at all is moved aside, not overwritten', () => {
  const dataDir = tempDir();
  const file = path.join(dataDir, 'group-offsets.jsonl');
  fs.mkdirSync(file);
  fs.writeFileSync(path.join(file, 'inside'), 'kept');
  const warnings: string[] = [];
  const store = new OffsetStore(dataDir, false, (message) => warnings.push(message));
  store.commit('g', [{ topic: 't', partition: 0, committed: { offset: 3, metadata: null } }]);
  assert.deepEqual(store.fetch('g', 't', 0), { offset: 3, metadata: null });
  store.close();
  const aside = fs.readdirSync(dataDir).find((name) => name.startsWith('group-offsets.jsonl.unreadable-'));
  assert.ok(aside !== undefined, fs.readdirSync(dataDir).join(', '));
  assert.equal(fs.readFileSync(path.join(dataDir, aside, 'inside'), 'utf8'), 'kept');
  assert.ok(
    warnings.some((w) => w.includes(`${file}: unreadable`) && w.includes(`moved to ${path.join(dataDir, aside)}`)),
    warnings.join('\n'),
  );
});
