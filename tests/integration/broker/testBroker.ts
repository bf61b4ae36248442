/** Starts an embedded broker on a free loopback port with a throw-away data directory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type RunningBroker, type StartBrokerOptions, startBroker } from '../../../local/broker/index.js';

export interface TestBroker {
  readonly broker: RunningBroker;
  readonly dataDir: string;
  kafka(clientId?: string): Kafka;
  stop(): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'broker-it-'));
}

/** A kafkajs client of `bootstrap` that stays quiet and retries briefly. */
export function kafkaClient(bootstrap: string, clientId = 'test'): Kafka {
  return new Kafka({
    clientId,
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 50 },
  });
}

export async function startTestBroker(options: Partial<StartBrokerOptions> = {}): Promise<TestBroker> {
  const dataDir = options.dataDir ?? tempDataDir();
  const broker = await startBroker({
    port: 0,
    fsync: 'never',
    onProblem: (m) => process.env.BROKER_TEST_DEBUG && console.error(m),
    ...options,
    dataDir,
  });
  return {
    broker,
    dataDir,
    kafka: (clientId = 'test') => kafkaClient(broker.bootstrap, clientId),
    async stop() {
      await broker.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
