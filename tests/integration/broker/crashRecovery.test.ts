import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { buildBatch } from '../../unit/broker/recordBatchBuilder.js';
import { eventually, kafkaClient, startTestBroker, tempDataDir } from './testBroker.js';

const brokerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'brokerProcess.js');

function spawnBroker(dataDir: string): Promise<{ pid: number; port: number }> {
  const child = spawn(process.execPath, [brokerScript, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\d+)/.exec(output);
      if (match !== null) resolve({ pid: child.pid as number, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`broker process exited with ${code} before it was ready`)));
  });
}

test('kill -9 during produce: after restart every acknowledged record is there exactly once', async () => {
  const dataDir = tempDataDir();
  const child = await spawnBroker(dataDir);
  try {
    await produceKillAndVerify(dataDir, child);
  } finally {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already ended by the test itself
    }
  }
});

async function produceKillAndVerify(dataDir: string, child: { pid: number; port: number }): Promise<void> {
  const kafka = new Kafka({
    clientId: 'crash',
    brokers: [`127.0.0.1:${child.port}`],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'crash', numPartitions: 3 }] });
  await admin.disconnect();
  const producer = kafka.producer({ retry: { retries: 0 } });
  await producer.connect();

  const acknowledged: string[] = [];
  let killed = false;
  const produceLoop = async (worker: number): Promise<void> => {
    for (let round = 0; !killed; round++) {
      const values = Array.from({ length: 25 }, (_, i) => `w${worker}-r${round}-i${i}`);
      try {
        await producer.send({ topic: 'crash', acks: -1, messages: values.map((value) => ({ key: value, value })) });
        acknowledged.push(...values);
      } catch {
        return;
      }
    }
  };
  const loops = [0, 1, 2, 3].map(produceLoop);
  await eventually(() => acknowledged.length >= 2000, '2000 acknowledged records');
  process.kill(child.pid, 'SIGKILL');
  killed = true;
  await Promise.all(loops);
  await producer.disconnect().catch(() => undefined);

  // A write torn by the crash: half a batch at the end of one partition's active segment.
  const segment = path.join(dataDir, 'topics', 'crash-1', '00000000000000000000.log');
  fs.appendFileSync(segment, buildBatch([{ value: 'torn' }]).subarray(0, 40));

  const restarted = await startTestBroker({ dataDir });
  try {
    const consumer = restarted.kafka('after-crash').consumer({ groupId: 'after-crash', maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'crash', fromBeginning: true });
    const seen = new Map<string, number>();
    await consumer.run({
      eachMessage: async ({ message }) => {
        const value = String(message.value);
        seen.set(value, (seen.get(value) ?? 0) + 1);
      },
    });
    const admin2 = restarted.kafka().admin();
    await admin2.connect();
    const stored = (await admin2.fetchTopicOffsets('crash')).reduce((sum, p) => sum + Number(p.high), 0);
    await admin2.disconnect();
    await eventually(() => [...seen.values()].reduce((a, b) => a + b, 0) >= stored, `all ${stored} stored records`);
    await consumer.disconnect();
    assert.ok(stored >= acknowledged.length);
    for (const value of acknowledged)
      assert.equal(seen.get(value), 1, `acknowledged record ${value} is present exactly once`);
    for (const [value, count] of seen) assert.equal(count, 1, `record ${value} is stored once`);
    assert.equal(seen.has('torn'), false);
  } finally {
    await restarted.stop();
  }
}

test('kill -9 while a topic of 1000 partitions is being created: after restart it is there whole', async (t) => {
  const dataDir = tempDataDir();
  const topics = path.join(dataDir, 'topics');
  const child = await spawnBroker(dataDir);
  let onDiskAtKill = 0;
  try {
    const admin = kafkaClient(`127.0.0.1:${child.port}`, 'crash-create').admin();
    await admin.connect();
    const pending = admin
      .createTopics({ topics: [{ topic: 'crash-create', numPartitions: 1000 }] })
      .catch(() => undefined);
    // Kill as soon as the first partition directories appear: the creation is under way.
    const deadline = Date.now() + 10_000;
    while (onDiskAtKill === 0 && Date.now() < deadline) {
      // Yield between looks, or kafkajs in this process never gets to send the request.
      await new Promise((resolve) => setImmediate(resolve));
      onDiskAtKill = fs.readdirSync(topics).filter((name) => name.startsWith('crash-create-')).length;
    }
    process.kill(child.pid, 'SIGKILL');
    await pending;
    await admin.disconnect().catch(() => undefined);
  } finally {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already killed above
    }
  }
  assert.ok(onDiskAtKill > 0, 'the creation had started when the broker was killed');
  t.diagnostic(`killed with ${onDiskAtKill} of 1000 partition directories made`);
  const warnings: string[] = [];
  const restarted = await startTestBroker({ dataDir, onProblem: (m) => warnings.push(m) });
  try {
    const admin = restarted.kafka('after-crash-create').admin();
    await admin.connect();
    const { topics: served } = await admin.fetchTopicMetadata({ topics: ['crash-create'] });
    await admin.disconnect();
    assert.equal(served[0]?.partitions.length, 1000);
    if (onDiskAtKill < 1000) {
      assert.ok(
        warnings.some((w) => /the creation of topic crash-create with 1000 partitions was interrupted/.test(w)),
        warnings.join('\n'),
      );
    }
    const producer = restarted.kafka('after-crash-create').producer();
    await producer.connect();
    const [sent] = await producer.send({ topic: 'crash-create', messages: [{ partition: 999, value: 'last' }] });
    await producer.disconnect();
    assert.equal(sent?.errorCode, 0);
  } finally {
    await restarted.stop();
  }
});

test('kill -9 while a topic of 1000 partitions is being deleted: after restart it is gone whole', async (t) => {
  const dataDir = tempDataDir();
  const topics = path.join(dataDir, 'topics');
  const partitionDirs = (): number => fs.readdirSync(topics).filter((name) => name.startsWith('crash-delete-')).length;
  const child = await spawnBroker(dataDir);
  let onDiskAtKill = 1000;
  try {
    const admin = kafkaClient(`127.0.0.1:${child.port}`, 'crash-delete').admin();
    await admin.connect();
    // Two requests: together they would pass the 1000 partitions one request may add.
    await admin.createTopics({ topics: [{ topic: 'crash-delete', numPartitions: 1000 }] });
    await admin.createTopics({ topics: [{ topic: 'stays' }] });
    const pending = admin.deleteTopics({ topics: ['crash-delete'] }).catch(() => undefined);
    const deadline = Date.now() + 10_000;
    while (onDiskAtKill === 1000 && Date.now() < deadline) {
      await new Promise((resolve) => setImmediate(resolve));
      onDiskAtKill = partitionDirs();
    }
    process.kill(child.pid, 'SIGKILL');
    await pending;
    await admin.disconnect().catch(() => undefined);
  } finally {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already killed above
    }
  }
  assert.ok(onDiskAtKill < 1000, 'the deletion had started when the broker was killed');
  t.diagnostic(`killed with ${onDiskAtKill} of 1000 partition directories left`);
  const restarted = await startTestBroker({ dataDir });
  try {
    const admin = restarted.kafka('after-crash-delete').admin();
    await admin.connect();
    const names = await admin.listTopics();
    await admin.disconnect();
    assert.deepEqual(names.sort(), ['stays']);
    assert.equal(partitionDirs(), 0);
  } finally {
    await restarted.stop();
  }
});
