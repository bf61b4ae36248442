/**
 * One Kafka record (one WebSocket frame) -> one bronze.coinbase_events row. Nothing is dropped: a
 * frame that is not understood still becomes a row, with parse_error saying why.
 */
import { type CoinbaseFrame, frameProductId, parseFrame } from '../../coinbase/index.js';
import { readProducerHeaders } from '../../kafka/index.js';
import type { DecodedRecord } from '../kafka/KafkaEvent.js';

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

function frameType(frame: CoinbaseFrame): string {
  switch (frame.kind) {
    case 'match':
    case 'other':
      return frame.type;
    case 'advanced-trade':
      return frame.channel;
    default:
      return frame.kind;
  }
}

function frameFields(frame: CoinbaseFrame): Pick<BronzeRow, 'exchange_time_us' | 'trade_id' | 'sequence'> {
  switch (frame.kind) {
    case 'match':
      return { exchange_time_us: frame.time_us, trade_id: frame.trade_id, sequence: frame.sequence };
    case 'ticker':
      return { exchange_time_us: frame.time_us, trade_id: frame.trade_id, sequence: frame.sequence };
    case 'heartbeat':
      return { exchange_time_us: frame.time_us, trade_id: null, sequence: frame.sequence };
    case 'backfill_trade':
      return { exchange_time_us: frame.time_us, trade_id: frame.trade_id, sequence: null };
    case 'gap':
    case 'other':
      return { exchange_time_us: frame.time_us, trade_id: null, sequence: null };
    case 'advanced-trade':
      return { exchange_time_us: frame.timestamp_us, trade_id: null, sequence: frame.sequence_num };
    default:
      return { exchange_time_us: null, trade_id: null, sequence: null };
  }
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

export function bronzeRow(record: DecodedRecord): BronzeRow {
  const headers = readProducerHeaders(Object.fromEntries(record.headers));
  const kafkaTimestampUs = BigInt(record.timestampMs) * 1000n;
  const parsed = parseFrame(record.value);
  const frame = parsed.ok ? parsed.frame : undefined;
  const fields = frame ? frameFields(frame) : undefined;
  // One object literal per row (no spreads): this runs for every frame, at tens of thousands per second.
  return {
    received_at_us: headers.receivedAtMicros ?? kafkaTimestampUs,
    exchange_time_us: fields?.exchange_time_us ?? null,
    event_type: frame ? frameType(frame) : looseType(record.value),
    product_id: frame ? frameProductId(frame) : null,
    trade_id: asLong(fields?.trade_id ?? null),
    sequence: asLong(fields?.sequence ?? null),
    source: headers.source ?? 'unknown',
    raw: record.value,
    kafka_topic: record.topic,
    kafka_partition: record.partition,
    kafka_offset: record.offset,
    kafka_timestamp_us: kafkaTimestampUs,
    parse_error: parsed.ok ? null : parsed.reason,
  };
}
