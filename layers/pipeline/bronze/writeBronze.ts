/**
 * bronzeWriter's library side: a Kafka batch -> rows appended to bronze.coinbase_events, exactly
 * once. The bronze snapshot summary holds the last offset written per topic-partition; records at
 * or below it are a redelivery and are skipped, and the append only commits if bronze is still at
 * the snapshot those offsets were read from (a concurrent writer makes this attempt start over).
 */

import { type DecodedRecord, topicPartitionKey } from '../../kafka/index.js';
import { type PipelineContext, PROP_KAFKA_OFFSETS } from '../context.js';
import { dropTemp, stageName, stageRows } from '../duck/stage.js';
import { retryOnConflict } from '../retry.js';
import { bronzeEvents } from '../tables/definitions.js';
import { type BronzeRow, bronzeRow } from './bronzeRow.js';

export interface BronzeWriteResult {
  readonly records: number;
  readonly written: number;
  /** Records already in bronze (a redelivered batch). */
  readonly skipped: number;
  readonly snapshotId: string | undefined;
  readonly offsets: Readonly<Record<string, string>>;
}

export function readOffsets(properties: Readonly<Record<string, string>>): Record<string, string> {
  const text = properties[PROP_KAFKA_OFFSETS];
  return text ? (JSON.parse(text) as Record<string, string>) : {};
}

const STAGE_COLUMNS = [
  ['received_at_us', 'BIGINT'],
  ['exchange_time_us', 'BIGINT'],
  ['event_type', 'VARCHAR'],
  ['product_id', 'VARCHAR'],
  ['trade_id', 'BIGINT'],
  ['sequence', 'BIGINT'],
  ['source', 'VARCHAR'],
  ['raw', 'VARCHAR'],
  ['kafka_topic', 'VARCHAR'],
  ['kafka_partition', 'INTEGER'],
  ['kafka_offset', 'BIGINT'],
  ['kafka_timestamp_us', 'BIGINT'],
  ['parse_error', 'VARCHAR'],
] as const;

function stageValues(row: BronzeRow) {
  return [
    row.received_at_us,
    row.exchange_time_us,
    row.event_type,
    row.product_id,
    row.trade_id,
    row.sequence,
    row.source,
    row.raw,
    row.kafka_topic,
    row.kafka_partition,
    row.kafka_offset,
    row.kafka_timestamp_us,
    row.parse_error,
  ] as const;
}

export async function writeBronze(ctx: PipelineContext, records: readonly DecodedRecord[]): Promise<BronzeWriteResult> {
  await ctx.store.ensure(bronzeEvents);
  return retryOnConflict(`bronze append of ${records.length} records`, ctx.commitRetries, async () => {
    const head = await ctx.store.head(bronzeEvents);
    const offsets = readOffsets(head.properties);
    const fresh: DecodedRecord[] = [];
    const seen = new Set<string>();
    for (const record of records) {
      const key = topicPartitionKey(record.topic, record.partition);
      const committed = offsets[key];
      const id = `${key}@${record.offset}`;
      if ((committed !== undefined && record.offset <= BigInt(committed)) || seen.has(id)) continue;
      seen.add(id);
      fresh.push(record);
    }
    if (fresh.length === 0) {
      return { records: records.length, written: 0, skipped: records.length, snapshotId: head.snapshotId, offsets };
    }
    const next = { ...offsets };
    for (const record of fresh) {
      const key = topicPartitionKey(record.topic, record.partition);
      const current = next[key];
      if (current === undefined || record.offset > BigInt(current)) next[key] = String(record.offset);
    }
    const stage = stageName('bronze_stage');
    await stageRows(
      ctx.conn,
      stage,
      STAGE_COLUMNS,
      fresh.map((record) => stageValues(bronzeRow(record, ctx.limits))),
    );
    try {
      const snapshotId = await ctx.store.append(
        ctx.conn,
        bronzeEvents,
        `select make_timestamptz(received_at_us) as received_at, make_timestamptz(exchange_time_us) as exchange_time,
                event_type, product_id, trade_id, sequence, source, raw, kafka_topic, kafka_partition, kafka_offset,
                make_timestamptz(kafka_timestamp_us) as kafka_timestamp, parse_error,
                make_timestamptz(${ctx.nowUs()}) as ingested_at
         from "${stage}"`,
        {
          properties: { ...head.properties, [PROP_KAFKA_OFFSETS]: JSON.stringify(next) },
          expectedSnapshotId: head.snapshotId,
        },
      );
      return {
        records: records.length,
        written: fresh.length,
        skipped: records.length - fresh.length,
        snapshotId,
        offsets: next,
      };
    } finally {
      await dropTemp(ctx.conn, stage);
    }
  });
}
