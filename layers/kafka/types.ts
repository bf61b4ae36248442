/** The project's Kafka interface: what producers, consumers and tests need, nothing kafkajs-specific. */

export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

/** Where Kafka client logs go; the default writes JSON lines to stderr. */
export type KafkaLogSink = (level: Exclude<KafkaLogLevel, 'nothing'>, message: string, fields: object) => void;

export interface KafkaOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Lowest level forwarded to the log sink (default 'warn'). */
  readonly logLevel?: KafkaLogLevel;
  readonly log?: KafkaLogSink;
  /** Connection timeout in ms (default 3000). */
  readonly connectionTimeoutMs?: number;
  /** Per-request timeout in ms (default 30000). */
  readonly requestTimeoutMs?: number;
  /** How many times the client retries a failing request (default 5). */
  readonly retries?: number;
}

export interface OutgoingRecord {
  readonly key: string | Buffer | null;
  readonly value: Buffer | string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Epoch ms; defaults to the send time. */
  readonly timestamp?: number;
}

/** What send() also accepts: a record forwarded as it was consumed (header bytes and a null value kept). */
export interface ForwardedRecord {
  readonly key: string | Buffer | null;
  readonly value: Buffer | string | null;
  readonly headers?: Readonly<Record<string, string | Buffer>>;
  readonly timestamp?: number;
}

export interface RecordAck {
  readonly topic: string;
  readonly partition: number;
  /** First offset the broker assigned in this partition's batch (decimal string: offsets are 64-bit). */
  readonly baseOffset: string;
}

export interface ProducerOptions {
  /** Idempotent producer (acks=all, one request in flight); default true. */
  readonly idempotent?: boolean;
  /** How many times the client retries a failing request before the send rejects (default 5). */
  readonly retries?: number;
}

export interface KafkaProducer {
  connect(): Promise<void>;
  /** Sends records to one topic in one request per broker; rejects with KafkaError. */
  send(topic: string, records: readonly (OutgoingRecord | ForwardedRecord)[]): Promise<RecordAck[]>;
  disconnect(): Promise<void>;
}

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer>>;
}

/** Where a consumer group with no committed offset starts, and how it polls. */
export interface ConsumerGroupOptions {
  readonly groupId: string;
  /** Longest a fetch waits for new records, in ms. */
  readonly maxWaitTimeMs: number;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
}

/** One fetched batch of one partition, handed to the consumer group's handler. */
export interface ConsumedBatch {
  readonly records: readonly ConsumedRecord[];
  /** Keeps the group membership alive while the handler waits. */
  heartbeat(): Promise<void>;
  /** False once the consumer is stopping. */
  isRunning(): boolean;
}

/** The next offset to read in a partition (one past the last record processed). */
export interface CommitOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * A consumer-group member whose progress moves only through commit(): fetching moves on past each
 * batch handed over, but nothing is committed until the caller says its records were processed.
 */
export interface KafkaGroupConsumer {
  subscribe(topic: string, options: { readonly fromBeginning: boolean }): Promise<void>;
  /** Starts fetching; each batch goes to eachBatch, and the next fetch of that partition waits for it. */
  run(eachBatch: (batch: ConsumedBatch) => Promise<void>): Promise<void>;
  commit(offsets: readonly CommitOffset[]): Promise<void>;
  /** Leaves the group and disconnects. */
  stop(): Promise<void>;
}

export interface KafkaAdmin {
  /** Creates the topic if absent; returns false when it already existed. */
  ensureTopic(topic: string, partitions: number): Promise<boolean>;
  /** Per partition: the offset the next record will get (high watermark). */
  endOffsets(topic: string): Promise<Map<number, string>>;
  disconnect(): Promise<void>;
}

export interface KafkaClient {
  producer(options?: ProducerOptions): KafkaProducer;
  admin(): Promise<KafkaAdmin>;
  /** Reads every record of a topic from the beginning up to the end offsets seen when called. */
  readAll(topic: string): Promise<ConsumedRecord[]>;
}

/** A KafkaClient on a real cluster, which can also join consumer groups. */
export interface KafkaClusterClient extends KafkaClient {
  consumerGroup(options: ConsumerGroupOptions): KafkaGroupConsumer;
}
