/**
 * Embedded broker benchmark: kafkajs against kcat on the same broker in the same run.
 *
 *   npm run bench:broker                      # 10,000,000 records of 1 KB per client
 *   npm run bench:broker -- --records 200000  # quick run
 *
 * The broker runs as its own process (`lakehouse broker`), so its RSS is measured alone and it has
 * one event loop (one core). Figures: produce and consume throughput (records/s, MB/s) with 1 KB
 * records in batches, p99 latency of a produce request, broker RSS with every record retained, and
 * the kafkajs/kcat ratio of each.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';

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

async function startBrokerProcess(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
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
  return { child, port };
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

function line(label: string, kafkajs: string, kcat: string, ratio: string): string {
  return `${label.padEnd(34)}${kafkajs.padStart(16)}${kcat.padStart(16)}${ratio.padStart(10)}`;
}

async function main(): Promise<void> {
  const { records } = parseOptions(process.argv.slice(2));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-broker-'));
  const { child, port } = await startBrokerProcess(dataDir);
  const bootstrap = `127.0.0.1:${port}`;
  const pid = child.pid as number;
  const rssStart = rssBytes(pid);
  const mb = (records * RECORD_BYTES) / 1e6;
  console.log(`broker pid ${pid} on ${bootstrap}, data ${dataDir}; ${records} records of ${RECORD_BYTES} B per client`);
  try {
    const kafka = new Kafka({ clientId: 'bench', brokers: [bootstrap], logLevel: logLevel.NOTHING });

    const cpu = [cpuSeconds(pid)];
    const produced = await kafkajsProduce(kafka, 'bench-kafkajs', records);
    cpu.push(cpuSeconds(pid));
    const rssAfterKafkajs = rssBytes(pid);
    console.log(`kafkajs produce done in ${produced.seconds.toFixed(1)} s`);
    const kafkajsConsumeSeconds = await kafkajsConsume(kafka, 'bench-kafkajs', records);
    cpu.push(cpuSeconds(pid));
    console.log(`kafkajs consume done in ${kafkajsConsumeSeconds.toFixed(1)} s`);

    const kcatProduceStarted = performance.now();
    await run(
      'kcat',
      ['-b', bootstrap, '-P', '-t', 'bench-kcat', '-p', '0', '-X', 'batch.num.messages=1000', '-X', 'linger.ms=5'],
      (stdin) => feedLines(stdin, records),
    );
    const kcatProduceSeconds = (performance.now() - kcatProduceStarted) / 1000;
    cpu.push(cpuSeconds(pid));
    const rssAfterBoth = rssBytes(pid);
    console.log(`kcat produce done in ${kcatProduceSeconds.toFixed(1)} s`);
    const kcatConsumeStarted = performance.now();
    await run('kcat', ['-b', bootstrap, '-C', '-t', 'bench-kcat', '-p', '0', '-o', 'beginning', '-e', '-q', '-f', '']);
    const kcatConsumeSeconds = (performance.now() - kcatConsumeStarted) / 1000;
    cpu.push(cpuSeconds(pid));
    console.log(`kcat consume done in ${kcatConsumeSeconds.toFixed(1)} s`);

    const kafkajsSingle = await kafkajsSingleRecordLatency(kafka, 'bench-latency');
    const kcatSingle = await kcatSingleRecordLatency(bootstrap, 'bench-latency');

    const rate = (seconds: number): string => `${Math.round(records / seconds).toLocaleString('en-US')}/s`;
    const ratio = (a: number, b: number): string => (a / b).toFixed(2);
    const ms = (value: number): string => `${value.toFixed(2)} ms`;
    const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MiB`;
    const batchP99 = percentile(produced.latencies, 99);
    console.log('');
    console.log(line('figure', 'kafkajs', 'kcat', 'ratio'));
    console.log(
      line(
        'produce records/s (1 KB, batched)',
        rate(produced.seconds),
        rate(kcatProduceSeconds),
        ratio(kcatProduceSeconds, produced.seconds),
      ),
    );
    console.log(
      line(
        'produce MB/s',
        (mb / produced.seconds).toFixed(1),
        (mb / kcatProduceSeconds).toFixed(1),
        ratio(kcatProduceSeconds, produced.seconds),
      ),
    );
    console.log(
      line(
        'consume records/s',
        rate(kafkajsConsumeSeconds),
        rate(kcatConsumeSeconds),
        ratio(kcatConsumeSeconds, kafkajsConsumeSeconds),
      ),
    );
    console.log(
      line(
        'consume MB/s',
        (mb / kafkajsConsumeSeconds).toFixed(1),
        (mb / kcatConsumeSeconds).toFixed(1),
        ratio(kcatConsumeSeconds, kafkajsConsumeSeconds),
      ),
    );
    // Records per second of broker CPU: the broker's own cost, whatever the client or machine load.
    const perCore = (phase: number): string =>
      `${Math.round(records / ((cpu[phase + 1] as number) - (cpu[phase] as number))).toLocaleString('en-US')}/s`;
    const cpuRatio = (a: number, b: number): string =>
      ratio((cpu[b + 1] as number) - (cpu[b] as number), (cpu[a + 1] as number) - (cpu[a] as number));
    console.log(line('broker produce records per CPU-s', perCore(0), perCore(2), cpuRatio(0, 2)));
    console.log(line('broker consume records per CPU-s', perCore(1), perCore(3), cpuRatio(1, 3)));
    console.log(
      line(
        'p50 produce latency, 1 record',
        ms(percentile(kafkajsSingle, 50)),
        ms(percentile(kcatSingle, 50)),
        ratio(percentile(kafkajsSingle, 50), percentile(kcatSingle, 50)),
      ),
    );
    console.log(
      line(
        'p99 produce latency, 1 record',
        ms(percentile(kafkajsSingle, 99)),
        ms(percentile(kcatSingle, 99)),
        ratio(percentile(kafkajsSingle, 99), percentile(kcatSingle, 99)),
      ),
    );
    console.log(line(`p99 produce latency, ${BATCH_RECORDS}-record send`, ms(batchP99), '-', '-'));
    console.log(line('broker RSS, start', mib(rssStart), '', ''));
    console.log(line(`broker RSS, ${records} retained`, mib(rssAfterKafkajs), '', ''));
    console.log(
      line(`broker RSS, ${2 * records} retained`, '', mib(rssAfterBoth), ratio(rssAfterKafkajs, rssAfterBoth)),
    );
    console.log('');
    console.log(
      `machine load average: ${os
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores`,
    );
    console.log('ratio: kafkajs / kcat for throughput (1.00 = as fast as kcat) and latency; RSS: first / second load.');
    console.log('kcat single-record latency includes starting the kcat process (one run per record).');
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
