/**
 * Broker benchmark: the same kafkajs and kcat loads against the embedded broker and, beside it in
 * the same run, Apache Kafka 4.1 (KRaft, single node, installed by scripts/setup/kafka.sh; skipped
 * with the reason printed when it is not installed).
 *
 *   npm run bench:broker                      # 10,000,000 records of 1 KB per client
 *   npm run bench:broker -- --records 200000  # quick run
 *
 * Each broker runs as its own process (`lakehouse broker`, `java kafka.Kafka`), so its RSS and CPU
 * are measured alone. Figures per broker: produce and consume throughput (records/s, MB/s) with
 * 1 KB records in batches, p50/p99 latency of a one-record produce, broker RSS with every record
 * retained, and the kafkajs/kcat ratio of each; then embedded/Kafka ratios of the same figures.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { startApacheKafka } from '../tests/helpers/apacheKafka.js';

const RECORD_BYTES = 1024;
const BATCH_RECORDS = 1000;
const IN_FLIGHT = 4;
const LATENCY_SENDS = 2000;

interface Options {
  readonly records: number;
}

function parseOptions(argv: readonly string[]): Options {
  const at = argv.indexOf('--records');
  const records = at === -1 ? 10_000_000 : Number(argv[at + 1]);
  if (!Number.isInteger(records) || records < BATCH_RECORDS)
    throw new Error(`--records needs an integer >= ${BATCH_RECORDS}`);
  return { records };
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Target {
  readonly name: string;
  readonly bootstrap: string;
  readonly pid: number;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess, dataDir: string): () => Promise<void> {
  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

async function startEmbedded(): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-broker-'));
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'bin', 'lakehouse.js'), 'broker', '--port', '0', '--data', dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BROKER_DEFAULT_PARTITIONS: '1', BROKER_RETENTION_MS: '-1' },
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on [^:]+:(\d+)/.exec(output);
      if (match !== null) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`broker exited with ${code}`)));
  });
  return { name: 'embedded', bootstrap: `127.0.0.1:${port}`, pid: child.pid as number, stop: stopper(child, dataDir) };
}

/** Apache Kafka in KRaft mode (broker and controller in one JVM, 1 GB heap), or why it cannot run. */
async function startKafka(): Promise<Target | string> {
  const kafka = await startApacheKafka();
  return typeof kafka === 'string'
    ? kafka
    : { name: 'kafka', bootstrap: kafka.bootstrap, pid: kafka.pid, stop: kafka.stop };
}

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match === null ? Number.NaN : Number(match[1]) * 1024;
}

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function run(
  command: string,
  args: readonly string[],
  feed?: (stdin: NodeJS.WritableStream) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [feed === undefined ? 'ignore' : 'pipe', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
    if (feed !== undefined && child.stdin !== null) {
      const stdin = child.stdin;
      feed(stdin).then(
        () => stdin.end(),
        (error: unknown) => reject(error),
      );
    }
  });
}

/** Writes `records` lines of RECORD_BYTES - 1 characters (plus newline) with backpressure. */
async function feedLines(stdin: NodeJS.WritableStream, records: number): Promise<void> {
  const line = `${'k'.repeat(RECORD_BYTES - 1)}\n`;
  const chunk = line.repeat(BATCH_RECORDS);
  for (let sent = 0; sent < records; sent += BATCH_RECORDS) {
    if (!stdin.write(chunk)) await new Promise((resolve) => stdin.once('drain', resolve));
  }
}

async function kafkajsProduce(
  kafka: Kafka,
  topic: string,
  records: number,
): Promise<{ seconds: number; latencies: number[] }> {
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  const value = Buffer.alloc(RECORD_BYTES, 'v');
  const messages = Array.from({ length: BATCH_RECORDS }, () => ({ value }));
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < records) {
      next += BATCH_RECORDS;
      const sendStarted = performance.now();
      await producer.send({ topic, acks: 1, messages });
      latencies.push(performance.now() - sendStarted);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  return { seconds, latencies };
}

async function kafkajsSingleRecordLatency(kafka: Kafka, topic: string): Promise<number[]> {
  const producer = kafka.producer();
  await producer.connect();
  const value = Buffer.alloc(RECORD_BYTES, 'l');
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_SENDS; i++) {
    const started = performance.now();
    await producer.send({ topic, acks: 1, messages: [{ value }] });
    latencies.push(performance.now() - started);
  }
  await producer.disconnect();
  return latencies;
}

async function kafkajsConsume(kafka: Kafka, topic: string, records: number): Promise<number> {
  const consumer = kafka.consumer({
    groupId: `bench-${topic}`,
    maxBytes: 64 << 20,
    maxBytesPerPartition: 16 << 20,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        seen += batch.messages.length;
        if (seen >= records) resolve();
      },
    });
  });
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  return seconds;
}

async function kcatSingleRecordLatency(bootstrap: string, topic: string): Promise<number[]> {
  const latencies: number[] = [];
  const line = `${'l'.repeat(RECORD_BYTES - 1)}\n`;
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    await run('kcat', ['-b', bootstrap, '-P', '-t', topic, '-p', '0', '-X', 'linger.ms=0'], async (stdin) => {
      stdin.write(line);
    });
    latencies.push(performance.now() - started);
  }
  return latencies;
}

function line(label: string, a: string, b: string, ratio: string): string {
  return `${label.padEnd(34)}${a.padStart(16)}${b.padStart(16)}${ratio.padStart(10)}`;
}

interface Figures {
  readonly kafkajsProduceSeconds: number;
  readonly kafkajsConsumeSeconds: number;
  readonly kcatProduceSeconds: number;
  readonly kcatConsumeSeconds: number;
  readonly batchLatencies: number[];
  readonly kafkajsSingle: number[];
  readonly kcatSingle: number[];
  /** Broker CPU seconds at the start and after each of the four loads. */
  readonly cpu: number[];
  readonly rssStart: number;
  readonly rssAfterKafkajs: number;
  readonly rssAfterBoth: number;
}

async function createTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
  await admin.disconnect();
}

async function measure(target: Target, records: number): Promise<Figures> {
  const { bootstrap, pid } = target;
  const rssStart = rssBytes(pid);
  const kafka = new Kafka({ clientId: 'bench', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  await createTopics(kafka, ['bench-kafkajs', 'bench-kcat', 'bench-latency']);
  const cpu = [cpuSeconds(pid)];
  const produced = await kafkajsProduce(kafka, 'bench-kafkajs', records);
  cpu.push(cpuSeconds(pid));
  const rssAfterKafkajs = rssBytes(pid);
  console.log(`${target.name}: kafkajs produce done in ${produced.seconds.toFixed(1)} s`);
  const kafkajsConsumeSeconds = await kafkajsConsume(kafka, 'bench-kafkajs', records);
  cpu.push(cpuSeconds(pid));
  console.log(`${target.name}: kafkajs consume done in ${kafkajsConsumeSeconds.toFixed(1)} s`);

  const kcatProduceStarted = performance.now();
  await run(
    'kcat',
    ['-b', bootstrap, '-P', '-t', 'bench-kcat', '-p', '0', '-X', 'batch.num.messages=1000', '-X', 'linger.ms=5'],
    (stdin) => feedLines(stdin, records),
  );
  const kcatProduceSeconds = (performance.now() - kcatProduceStarted) / 1000;
  cpu.push(cpuSeconds(pid));
  const rssAfterBoth = rssBytes(pid);
  console.log(`${target.name}: kcat produce done in ${kcatProduceSeconds.toFixed(1)} s`);
  const kcatConsumeStarted = performance.now();
  await run('kcat', ['-b', bootstrap, '-C', '-t', 'bench-kcat', '-p', '0', '-o', 'beginning', '-e', '-q', '-f', '']);
  const kcatConsumeSeconds = (performance.now() - kcatConsumeStarted) / 1000;
  cpu.push(cpuSeconds(pid));
  console.log(`${target.name}: kcat consume done in ${kcatConsumeSeconds.toFixed(1)} s`);

  const kafkajsSingle = await kafkajsSingleRecordLatency(kafka, 'bench-latency');
  const kcatSingle = await kcatSingleRecordLatency(bootstrap, 'bench-latency');
  return {
    kafkajsProduceSeconds: produced.seconds,
    kafkajsConsumeSeconds,
    kcatProduceSeconds,
    kcatConsumeSeconds,
    batchLatencies: produced.latencies,
    kafkajsSingle,
    kcatSingle,
    cpu,
    rssStart,
    rssAfterKafkajs,
    rssAfterBoth,
  };
}

const ratio = (a: number, b: number): string => (a / b).toFixed(2);
const ms = (value: number): string => `${value.toFixed(2)} ms`;
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MiB`;

function printClients(name: string, figures: Figures, records: number): void {
  const rate = (seconds: number): string => `${Math.round(records / seconds).toLocaleString('en-US')}/s`;
  const mb = (records * RECORD_BYTES) / 1e6;
  const f = figures;
  console.log('');
  console.log(`${name} broker`);
  console.log(line('figure', 'kafkajs', 'kcat', 'ratio'));
  console.log(
    line(
      'produce records/s (1 KB, batched)',
      rate(f.kafkajsProduceSeconds),
      rate(f.kcatProduceSeconds),
      ratio(f.kcatProduceSeconds, f.kafkajsProduceSeconds),
    ),
  );
  console.log(
    line(
      'produce MB/s',
      (mb / f.kafkajsProduceSeconds).toFixed(1),
      (mb / f.kcatProduceSeconds).toFixed(1),
      ratio(f.kcatProduceSeconds, f.kafkajsProduceSeconds),
    ),
  );
  console.log(
    line(
      'consume records/s',
      rate(f.kafkajsConsumeSeconds),
      rate(f.kcatConsumeSeconds),
      ratio(f.kcatConsumeSeconds, f.kafkajsConsumeSeconds),
    ),
  );
  // Records per second of broker CPU: the broker's own cost, whatever the client or machine load.
  const cpuOf = (phase: number): number => (f.cpu[phase + 1] as number) - (f.cpu[phase] as number);
  const perCore = (phase: number): string => `${Math.round(records / cpuOf(phase)).toLocaleString('en-US')}/s`;
  console.log(line('broker produce records per CPU-s', perCore(0), perCore(2), ratio(cpuOf(2), cpuOf(0))));
  console.log(line('broker consume records per CPU-s', perCore(1), perCore(3), ratio(cpuOf(3), cpuOf(1))));
  const p = (values: number[], at: number): number => percentile(values, at);
  console.log(
    line(
      'p50 produce latency, 1 record',
      ms(p(f.kafkajsSingle, 50)),
      ms(p(f.kcatSingle, 50)),
      ratio(p(f.kafkajsSingle, 50), p(f.kcatSingle, 50)),
    ),
  );
  console.log(
    line(
      'p99 produce latency, 1 record',
      ms(p(f.kafkajsSingle, 99)),
      ms(p(f.kcatSingle, 99)),
      ratio(p(f.kafkajsSingle, 99), p(f.kcatSingle, 99)),
    ),
  );
  console.log(line(`p99 produce latency, ${BATCH_RECORDS}-record send`, ms(p(f.batchLatencies, 99)), '-', '-'));
  console.log(line('broker RSS, start', mib(f.rssStart), '', ''));
  console.log(line(`broker RSS, ${records} retained`, mib(f.rssAfterKafkajs), '', ''));
  console.log(
    line(`broker RSS, ${2 * records} retained`, '', mib(f.rssAfterBoth), ratio(f.rssAfterKafkajs, f.rssAfterBoth)),
  );
}

/** Embedded against Kafka: throughput ratios are Kafka's time over the embedded broker's (above 1.00: embedded faster). */
function printPeers(embedded: Figures, kafka: Figures, records: number): void {
  const rate = (seconds: number): string => `${Math.round(records / seconds).toLocaleString('en-US')}/s`;
  console.log('');
  console.log('embedded broker against Apache Kafka 4.1 (same clients, same records)');
  console.log(line('figure', 'embedded', 'kafka', 'ratio'));
  const throughput = (label: string, pick: (f: Figures) => number): void => {
    console.log(line(label, rate(pick(embedded)), rate(pick(kafka)), ratio(pick(kafka), pick(embedded))));
  };
  throughput('kafkajs produce records/s', (f) => f.kafkajsProduceSeconds);
  throughput('kafkajs consume records/s', (f) => f.kafkajsConsumeSeconds);
  throughput('kcat produce records/s', (f) => f.kcatProduceSeconds);
  throughput('kcat consume records/s', (f) => f.kcatConsumeSeconds);
  const p50 = (f: Figures): number => percentile(f.kafkajsSingle, 50);
  console.log(
    line('kafkajs p50 latency, 1 record', ms(p50(embedded)), ms(p50(kafka)), ratio(p50(embedded), p50(kafka))),
  );
  console.log(
    line(
      `broker RSS, ${2 * records} retained`,
      mib(embedded.rssAfterBoth),
      mib(kafka.rssAfterBoth),
      ratio(embedded.rssAfterBoth, kafka.rssAfterBoth),
    ),
  );
  console.log(
    'ratio: throughput Kafka time / embedded time (>= 1.00: embedded at least as fast); latency and RSS embedded / Kafka.',
  );
}

async function main(): Promise<void> {
  const { records } = parseOptions(process.argv.slice(2));
  console.log(`${records} records of ${RECORD_BYTES} B per client and broker`);
  const embeddedTarget = await startEmbedded();
  let embedded: Figures;
  try {
    console.log(`embedded broker pid ${embeddedTarget.pid} on ${embeddedTarget.bootstrap}`);
    embedded = await measure(embeddedTarget, records);
  } finally {
    await embeddedTarget.stop();
  }
  printClients('embedded', embedded, records);
  const kafkaTarget = await startKafka();
  if (typeof kafkaTarget === 'string') {
    console.log('');
    console.log(`Apache Kafka peer skipped: ${kafkaTarget}`);
  } else {
    let kafka: Figures;
    try {
      console.log(`kafka pid ${kafkaTarget.pid} on ${kafkaTarget.bootstrap}`);
      kafka = await measure(kafkaTarget, records);
    } finally {
      await kafkaTarget.stop();
    }
    printClients('Apache Kafka 4.1', kafka, records);
    printPeers(embedded, kafka, records);
  }
  console.log('');
  console.log(
    `machine load average: ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  console.log(
    'client ratio: kafkajs / kcat for throughput (1.00 = as fast as kcat) and latency; RSS: first / second load.',
  );
  console.log('kcat single-record latency includes starting the kcat process (one run per record).');
}

await main();
