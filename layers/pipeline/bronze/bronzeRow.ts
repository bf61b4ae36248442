/**
 * One Kafka record (one WebSocket frame) -> one bronze.coinbase_events row. Nothing is dropped: a
 * frame that is not understood still becomes a row, with parse_error saying why.
 */
import { parseFrame, summarizeFrame } from '../../coinbase/index.js';
import type { DecodedRecord } from '../../kafka/index.js';
import { readProducerHeaders } from '../../kafka/index.js';
import { DEFAULT_FEED_LIMITS, type FeedLimits } from '../feedLimits.js';

export interface BronzeRow {
  readonly received_at_us: bigint;
  readonly exchange_time_us: bigint | null;
  readonly event_type: string | null;
  readonly product_id: string | null;
  readonly trade_id: bigint | null;
  readonly sequence: bigint | null;
  readonly source: string;
  readonly raw: string;
  readonly kafka_topic: string;
  readonly kafka_partition: number;
  readonly kafka_offset: bigint;
  readonly kafka_timestamp_us: bigint;
  readonly parse_error: string | null;
}

/** The `type` (or `channel`) of a frame that failed to parse, when the text is still a JSON object. */
function looseType(text: string): string | null {
  try {
    const json = JSON.parse(text) as { type?: unknown; channel?: unknown } | null;
    if (json && typeof json === 'object') {
      if (typeof json.type === 'string') return json.type;
      if (typeof json.channel === 'string') return json.channel;
    }
  } catch {
    return null;
  }
  return null;
}

/** Upper bound of a Kafka record's bigint columns; Coinbase integers beyond it are kept only in `raw`. */
const MAX_LONG = 2n ** 63n - 1n;
const asLong = (value: bigint | null): bigint | null => (value !== null && value <= MAX_LONG ? value : null);

export function bronzeRow(record: DecodedRecord, limits: FeedLimits = DEFAULT_FEED_LIMITS): BronzeRow {
  const headers = readProducerHeaders(Object.fromEntries(record.headers));
  const kafkaTimestampUs = BigInt(record.timestampMs) * 1000n;
  // A value that is not text is kept exactly (base64) and explained, never parsed as a frame.
  const parsed =
    record.valueError === undefined
      ? parseFrame(record.value, { maxFrameBytes: limits.maxFrameBytes })
      : { ok: false as const, reason: record.valueError };
  const summary = summarizeFrame(parsed);
  // The column holds the trade of a single-trade frame; a heartbeat's last_trade_id is not one.
  const tradeId = parsed.ok && parsed.frame.kind === 'heartbeat' ? null : summary.trade_id;
  return {
    received_at_us: headers.receivedAtMicros ?? kafkaTimestampUs,
    exchange_time_us: summary.exchange_time_us,
    event_type: parsed.ok ? summary.event_type : record.valueError === undefined ? looseType(record.value) : null,
    product_id: summary.product_id,
    trade_id: asLong(tradeId),
    sequence: asLong(summary.sequence),
    source: headers.source ?? 'unknown',
    raw: record.value,
    kafka_topic: record.topic,
    kafka_partition: record.partition,
    kafka_offset: record.offset,
    kafka_timestamp_us: kafkaTimestampUs,
    parse_error: summary.parse_error,
  };
}
