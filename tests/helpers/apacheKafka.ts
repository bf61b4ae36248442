/**
 * Apache Kafka 4.1 in KRaft mode (broker and controller in one JVM), from the jars that
 * scripts/setup/kafka.sh installs into .cache/kafka: the peer the broker benchmark measures against
 * and the oracle the interop tests compare the embedded broker's answers with.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { freePort } from './ports.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const kafkaHome = path.join(repoRoot, '.cache', 'kafka');

export interface ApacheKafka {
  readonly bootstrap: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

function runJava(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`java ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** Starts a throw-away single-node Kafka; resolves once it answers Metadata, or to why it cannot run. */
export async function startApacheKafka(heap = '1g'): Promise<ApacheKafka | string> {
  if (!fs.existsSync(path.join(kafkaHome, '.installed'))) return 'not installed (run scripts/setup/kafka.sh)';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apache-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const properties = path.join(dataDir, 'server.properties');
  fs.writeFileSync(
    properties,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${path.join(dataDir, 'logs')}`,
      'num.partitions=1',
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  const java = [
    '-cp',
    path.join(kafkaHome, 'libs', '*'),
    `-Dlog4j2.configurationFile=${path.join(kafkaHome, 'log4j2.properties')}`,
  ];
  await runJava([...java, 'kafka.tools.StorageTool', 'format', '-t', 'MkU3OEVBNTcwNTJENDM2Qg', '-c', properties]);
  const child = spawn('java', [`-Xms${heap}`, `-Xmx${heap}`, ...java, 'kafka.Kafka', properties], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const kafka: ApacheKafka = {
    bootstrap: `127.0.0.1:${port}`,
    port,
    pid: child.pid as number,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const admin = new Kafka({ clientId: 'kafka-probe', brokers: [kafka.bootstrap], logLevel: logLevel.NOTHING }).admin();
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.disconnect();
      return kafka;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await kafka.stop();
        return `did not start: ${(error as Error).message}`;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
