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
}

export interface OutgoingRecord {
  readonly key: string | Buffer | null;
  readonly value: Buffer | string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Epoch ms; defaults to the send time. */
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
  send(topic: string, records: readonly OutgoingRecord[]): Promise<RecordAck[]>;
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
