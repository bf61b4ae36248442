/**
 * Replays a recorded NDJSON feed (the simulator's replay format) through the production path:
 * frames -> Kafka -> event-source mapping -> bronzeWriter -> silverPromoter -> goldBuilder, with the
 * handlers in this process. Uses KAFKA_BROKERS when set, otherwise an embedded broker on a free port
 * with its log in a temp dir. Each run writes to a topic of its own, so the Kafka offsets recorded in
 * bronze never collide with an earlier replay's. Resolves when gold has caught up with everything.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../../layers/config/index.js';
import { openDuckDB } from '../../layers/engine/index.js';
import { createKafka, decodeKafkaEvent, type KafkaEvent } from '../../layers/kafka/index.js';
import {
  InProcessCommitNotifier,
  openTableStore,
  Pipeline,
  pipelineTables,
  qualifiedName,
} from '../../layers/pipeline/index.js';
import { loadReplay } from '../../producer/simulator/replay.js';
import { startBroker } from '../broker/index.js';
import { EventSourceMapping } from './EventSourceMapping.js';
import { InProcessInvoker } from './Invoker.js';

export interface ReplayOptions {
  readonly file: string;
  /** 'max' sends as fast as possible; a number paces frames by their recorded time / speed. */
  readonly speed: 'max' | number;
  readonly config: Config;
  readonly pipeline: Config['pipeline'];
  readonly batchSize?: number;
  readonly onProgress?: (line: string) => void;
}

export interface ReplayResult {
  readonly frames: number;
  readonly topic: string;
  readonly deadLettered: number;
  /** Rows per table (namespace.table) after the replay. */
  readonly counts: Readonly<Record<string, number>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function replayFile(options: ReplayOptions): Promise<ReplayResult> {
  const frames = loadReplay(options.file);
  const progress = options.onProgress ?? (() => undefined);
  const brokerDir =
    options.config.kafka.brokers === undefined ? await mkdtemp(path.join(tmpdir(), 'replay-broker-')) : undefined;
  const broker = brokerDir ? await startBroker({ port: 0, dataDir: brokerDir, onProblem: () => undefined }) : undefined;
  const brokers = broker ? [broker.bootstrap] : (options.config.kafka.brokers ?? '').split(',').map((b) => b.trim());
  const topic = `${options.config.kafka.topic}.replay-${Date.now()}-${randomUUID().slice(0, 8)}`;

  const duckdb = await openDuckDB();
  const store = await openTableStore(options.config);
  const notifier = new InProcessCommitNotifier((error) => progress(`commit event failed: ${String(error)}`));
  const pipeline = new Pipeline({
    duckdb,
    store,
    sqlDir: options.pipeline.sqlDir,
    commitRetries: options.pipeline.commitRetries,
    notifier,
    snapshotRetentionMs: options.pipeline.snapshotRetentionMinutes * 60_000,
  });
  notifier.connect({ silverPromoter: () => pipeline.promoteSilver(), goldBuilder: () => pipeline.buildGold() });
  const mapping = new EventSourceMapping({
    functionName: 'bronzeWriter',
    brokers,
    topic,
    groupId: `${topic}-bronzeWriter`,
    batchSize: options.batchSize ?? 5000,
    maximumBatchingWindowMs: 200,
    maxAttempts: options.pipeline.triggerMaxAttempts,
    backoffMs: options.pipeline.triggerBackoffMs,
    deadLetterTopic: options.pipeline.deadLetterTopic,
    invoker: new InProcessInvoker(
      new Map([['bronzeWriter', (event: unknown) => pipeline.writeBronze(decodeKafkaEvent(event as KafkaEvent))]]),
    ),
    onEvent: (event) => {
      if (event.kind !== 'invoked') progress(`${event.kind}: ${'error' in event ? event.error : ''}`);
    },
  });
  const kafka = createKafka({ brokers, clientId: 'lakehouse-replay', logLevel: 'nothing' });
  try {
    const admin = await kafka.admin();
    await admin.ensureTopic(topic, options.config.kafka.defaultPartitions);
    await admin.disconnect();
    await mapping.start();
    const producer = kafka.producer();
    await producer.connect();
    const startedAt = Date.now();
    const firstAt = frames.find((frame) => frame.at !== null)?.at ?? null;
    let receivedAt = firstAt ?? Date.now() / 1000;
    for (let index = 0; index < frames.length; index += 1000) {
      const chunk = frames.slice(index, index + 1000);
      if (options.speed !== 'max' && firstAt !== null) {
        const at = chunk[0]?.at;
        if (at !== null && at !== undefined) {
          const due = startedAt + ((at - firstAt) * 1000) / options.speed - Date.now();
          if (due > 0) await sleep(due);
        }
      }
      await producer.send(
        topic,
        chunk.map((frame) => {
          // A frame without a time was received right after the one before it: replays stay deterministic.
          receivedAt = frame.at ?? receivedAt;
          return {
            key: null,
            value: frame.text,
            headers: { received_at: String(BigInt(Math.round(receivedAt * 1e6))), source: 'replay' },
          };
        }),
      );
    }
    await producer.disconnect();
    progress(`${frames.length} frames sent to ${topic}`);
    while (mapping.stats.recordsDelivered + mapping.stats.recordsDeadLettered < frames.length) await sleep(50);
    // Single-flight runs started now see every bronze commit, so gold has caught up when they end.
    await pipeline.promoteSilver();
    await pipeline.buildGold();
    const counts: Record<string, number> = {};
    const conn = await duckdb.connect();
    for (const def of pipelineTables) {
      await store.scan(conn, def, 'replay_count');
      const reader = await conn.runAndReadAll('select count(*) from replay_count');
      counts[qualifiedName(def)] = Number(reader.getRows()[0]?.[0] ?? 0);
    }
    conn.closeSync();
    return { frames: frames.length, topic, deadLettered: mapping.stats.recordsDeadLettered, counts };
  } finally {
    await mapping.stop();
    await pipeline.close();
    await store.close();
    duckdb.closeSync();
    await broker?.close();
    if (brokerDir) await rm(brokerDir, { recursive: true, force: true });
  }
}
