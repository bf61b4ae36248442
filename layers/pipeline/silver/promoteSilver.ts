/**
 * silverPromoter's library side: the bronze rows appended since the bronze snapshot silver last
 * consumed (kept in silver.trades' summary) -> silver.trades and silver.trades_rejected.
 * Idempotent by construction: trades are deduplicated on (product_id, trade_id) within the batch and
 * against silver, rejects on their bronze lineage, and each commit requires the table unchanged
 * since it was read, so concurrent or repeated runs never apply the same rows twice.
 */
import { type PipelineContext, PROP_BRONZE_SNAPSHOT } from '../context.js';
import { materializeIsolating } from '../duck/isolateRows.js';
import { dropTemp, stageName, stageRows } from '../duck/stage.js';
import type { CommitConflictError } from '../errors.js';
import { checkpointLagLimit } from '../maintenance/history.js';
import { AUDIT_BRANCH, describeBlocked, type RejectedRows, writeAuditPublish } from '../quality/writeAuditPublish.js';
import { retryOnConflict } from '../retry.js';
import { bronzeEvents, DECIMAL_SQL, silverTrades, silverTradesRejected } from '../tables/definitions.js';
import { type KeyRangeFilter, quoteIdent, quoteLiteral } from '../tables/TableStore.js';
import { type BronzeLineage, type SilverTrade, TRADE_EVENT_TYPES, tradesFromBronze } from './tradesFromBronze.js';

export interface SilverPromoteResult {
  /** Bronze snapshot range consumed: (from, to]; `to` undefined when bronze is empty. */
  readonly fromBronzeSnapshot: string | undefined;
  readonly toBronzeSnapshot: string | undefined;
  readonly bronzeRows: number;
  readonly tradesWritten: number;
  readonly duplicates: number;
  readonly rejectsWritten: number;
  /** Trades that passed validation but could not be converted, recorded as rejects with the error. */
  readonly quarantined: number;
  /** Exchange time (epoch ms) of the newest trade this run staged; absent when it staged none. */
  readonly newestEventMs?: number;
  /** New silver.trades snapshot, undefined when nothing was committed. */
  readonly snapshotId: string | undefined;
  /** Set when this run yielded to a concurrent instance that kept committing silver: that instance's snapshot. */
  readonly supersededBy?: string;
  /** Trades the quality gate did not accept, recorded as rejects naming the expectation (included in rejectsWritten). */
  readonly auditQuarantined?: number;
  /** Set when the quality gate kept the commit from main and no row could be blamed: what failed and where it is kept. */
  readonly blocked?: string;
}

/** Trades (product_id, trade_id) to record as rejects instead of trades, with the reason. */
type Quarantine = ReadonlyMap<string, string>;

/** One promotion attempt; `retryWithout` when the gate blamed rows the next attempt quarantines. */
type PromoteAttempt = SilverPromoteResult & { readonly retryWithout?: Quarantine };

const tradeKey = (productId: unknown, tradeId: unknown): string => `${String(productId)}\u0000${String(tradeId)}`;

const TRADE_STAGE = [
  ['product_id', 'VARCHAR'],
  ['trade_id', 'BIGINT'],
  ['price', 'VARCHAR'],
  ['size', 'VARCHAR'],
  ['maker_side', 'VARCHAR'],
  ['taker_side', 'VARCHAR'],
  ['exchange_time_us', 'BIGINT'],
  ['received_at_us', 'BIGINT'],
  ['ingest_latency_ms', 'BIGINT'],
  ['source', 'VARCHAR'],
  ['event_type', 'VARCHAR'],
  ['bronze_kafka_topic', 'VARCHAR'],
  ['bronze_kafka_partition', 'INTEGER'],
  ['bronze_kafka_offset', 'BIGINT'],
] as const;

const REJECT_STAGE = [
  ['received_at_us', 'BIGINT'],
  ['event_type', 'VARCHAR'],
  ['product_id', 'VARCHAR'],
  ['trade_id', 'VARCHAR'],
  ['reason', 'VARCHAR'],
  ['raw', 'VARCHAR'],
  ['bronze_kafka_topic', 'VARCHAR'],
  ['bronze_kafka_partition', 'INTEGER'],
  ['bronze_kafka_offset', 'BIGINT'],
] as const;

async function readBronzeRows(ctx: PipelineContext, view: string): Promise<BronzeLineage[]> {
  const types = TRADE_EVENT_TYPES.map(quoteLiteral).join(', ');
  const reader = await ctx.conn.runAndReadAll(
    `select raw, epoch_us(received_at), source, event_type, kafka_topic, kafka_partition, kafka_offset, parse_error
     from "${view}" where parse_error is not null or event_type in (${types})`,
  );
  return reader.getRows().map((row) => ({
    raw: row[0] as string,
    received_at_us: row[1] as bigint,
    source: row[2] as string,
    event_type: row[3] as string | null,
    kafka_topic: row[4] as string,
    kafka_partition: row[5] as number,
    kafka_offset: row[6] as bigint,
    parse_error: row[7] as string | null,
  }));
}

/** Per key, the [min, max] of a microsecond column of a staged table, as a scan filter. */
async function stageRanges(
  ctx: PipelineContext,
  stage: string,
  keyColumn: string,
  timeColumnUs: string,
  tableKey: string,
  tableTime: string,
): Promise<KeyRangeFilter> {
  const reader = await ctx.conn.runAndReadAll(
    `select ${keyColumn}, min(${timeColumnUs}), max(${timeColumnUs}) from "${stage}" group by 1`,
  );
  return {
    keyColumn: tableKey,
    rangeColumn: tableTime,
    ranges: reader.getRows().map((row) => ({
      key: String(row[0]),
      fromUs: row[1] as bigint,
      toUs: (row[2] as bigint) + 1n,
    })),
  };
}

/** The newest event time of staged ranges (their `toUs` is exclusive), in epoch ms. */
function newestEvent(filter: KeyRangeFilter): { newestEventMs?: number } {
  let newest: bigint | undefined;
  for (const range of filter.ranges) {
    if (range.toUs !== undefined && (newest === undefined || range.toUs > newest)) newest = range.toUs;
  }
  return newest === undefined ? {} : { newestEventMs: Number((newest - 1n) / 1000n) };
}

/** Whether silver.trades' bronze checkpoint lags so far behind that a run with no new trades records it. */
async function checkpointDue(
  ctx: PipelineContext,
  silverSnapshots: number,
  from: string | undefined,
  to: string,
): Promise<boolean> {
  // The first run records where it started, so the next ones read from there.
  if (from === undefined) return silverSnapshots === 0;
  const lag = await ctx.store.commitsSince(bronzeEvents, from, to);
  return lag === undefined || lag >= checkpointLagLimit(ctx.history);
}

export async function promoteSilver(ctx: PipelineContext): Promise<SilverPromoteResult> {
  await Promise.all([bronzeEvents, silverTrades, silverTradesRejected].map((def) => ctx.store.ensure(def)));
  async function promoteOnce(quarantine: Quarantine): Promise<PromoteAttempt> {
    const [bronzeHead, tradesHead, rejectsHead] = await Promise.all([
      ctx.store.head(bronzeEvents),
      ctx.store.head(silverTrades),
      ctx.store.head(silverTradesRejected),
    ]);
    const from = tradesHead.properties[PROP_BRONZE_SNAPSHOT];
    const to = bronzeHead.snapshotId;
    const nothing = {
      fromBronzeSnapshot: from,
      toBronzeSnapshot: to,
      bronzeRows: 0,
      tradesWritten: 0,
      duplicates: 0,
      rejectsWritten: 0,
      quarantined: 0,
      snapshotId: undefined,
    };
    if (to === undefined || to === from) return nothing;

    const bronzeView = stageName('bronze_new');
    await ctx.store.scanAppended(ctx.conn, bronzeEvents, bronzeView, from, to);
    const bronzeRows = await readBronzeRows(ctx, bronzeView);
    const converted = tradesFromBronze(bronzeRows, ctx.limits);
    const { rejects } = converted;
    const trades: SilverTrade[] = [];
    for (const trade of converted.trades) {
      const reason = quarantine.get(tradeKey(trade.product_id, trade.trade_id));
      if (reason === undefined) trades.push(trade);
      else
        rejects.push({ product_id: trade.product_id, trade_id: String(trade.trade_id), reason, bronze: trade.bronze });
    }

    const tradeStage = stageName('silver_trades_stage');
    const rejectStage = stageName('silver_rejects_stage');
    const tradeReady = stageName('silver_trades_ready');
    const existingTrades = stageName('silver_existing');
    const existingRejects = stageName('rejected_existing');
    try {
      await stageRows(
        ctx.conn,
        tradeStage,
        TRADE_STAGE,
        trades.map((t) => [
          t.product_id,
          t.trade_id,
          t.price,
          t.size,
          t.maker_side,
          t.taker_side,
          t.exchange_time_us,
          t.bronze.received_at_us,
          t.ingest_latency_ms,
          t.bronze.source,
          t.event_type,
          t.bronze.kafka_topic,
          t.bronze.kafka_partition,
          t.bronze.kafka_offset,
        ]),
      );
      // Conversion to silver's types, materialized; a row that cannot be converted is quarantined
      // as a reject with the error, and the rest of the batch goes on.
      const isolated = await materializeIsolating(
        ctx.conn,
        tradeReady,
        trades.length,
        (where) =>
          `select product_id, trade_id, price::${DECIMAL_SQL} as price, size::${DECIMAL_SQL} as size, maker_side,
                taker_side, make_timestamptz(exchange_time_us) as exchange_time,
                make_timestamptz(received_at_us) as received_at, ingest_latency_ms, source, event_type,
                bronze_kafka_topic, bronze_kafka_partition, bronze_kafka_offset, exchange_time_us, received_at_us
         from ${quoteIdent(tradeStage)} where ${where}`,
      );
      for (const { rowid, error } of isolated) {
        const trade = trades[rowid] as SilverTrade;
        rejects.push({
          product_id: trade.product_id,
          trade_id: String(trade.trade_id),
          reason: `quarantined: the trade could not be converted for silver: ${error}`,
          bronze: trade.bronze,
        });
      }
      await stageRows(
        ctx.conn,
        rejectStage,
        REJECT_STAGE,
        rejects.map((r) => [
          r.bronze.received_at_us,
          r.bronze.event_type,
          r.product_id,
          r.trade_id,
          r.reason,
          r.bronze.raw,
          r.bronze.kafka_topic,
          r.bronze.kafka_partition,
          r.bronze.kafka_offset,
        ]),
      );
      const nowUs = ctx.nowUs();

      let rejectsWritten = 0;
      if (rejects.length > 0) {
        // A reject's identity is its frame (the exact text and its receipt time), the trade in it and
        // the reason, not the Kafka offset it arrived at: replaying a feed (or a redelivery, which keeps
        // the producer's headers) must not record the same rejects again, while two frames that merely
        // have the same text, received at different times, are two rejects.
        const window = await ctx.conn.runAndReadAll(
          `select min(received_at_us), max(received_at_us) from ${quoteIdent(rejectStage)}`,
        );
        const [fromUs, toUs] = window.getRows()[0] as [bigint, bigint];
        const filter: KeyRangeFilter = { rangeColumn: 'received_at', ranges: [{ fromUs, toUs: toUs + 1n }] };
        await ctx.store.scan(ctx.conn, silverTradesRejected, existingRejects, filter);
        const newRejects = `select * from ${quoteIdent(rejectStage)} s where not exists (
            select 1 from ${quoteIdent(existingRejects)} e where e.raw = s.raw and e.reason = s.reason
              and e.trade_id is not distinct from s.trade_id and epoch_us(e.received_at) = s.received_at_us)
          qualify row_number() over (partition by raw, reason, trade_id, received_at_us
                                     order by received_at_us, bronze_kafka_partition, bronze_kafka_offset) = 1`;
        const count = await ctx.conn.runAndReadAll(`select count(*) from (${newRejects})`);
        rejectsWritten = Number(count.getRows()[0]?.[0] ?? 0);
        if (rejectsWritten > 0) {
          await ctx.store.append(
            ctx.conn,
            silverTradesRejected,
            `select make_timestamptz(received_at_us) as received_at, event_type, product_id, trade_id, reason, raw,
                    bronze_kafka_topic, bronze_kafka_partition, bronze_kafka_offset,
                    make_timestamptz(${nowUs}) as rejected_at
             from (${newRejects})`,
            {
              properties: { ...rejectsHead.properties, [PROP_BRONZE_SNAPSHOT]: to },
              expectedSnapshotId: rejectsHead.snapshotId,
            },
          );
        }
      }

      const filter = await stageRanges(
        ctx,
        tradeReady,
        'product_id',
        'exchange_time_us',
        'product_id',
        'exchange_time',
      );
      await ctx.store.scan(ctx.conn, silverTrades, existingTrades, filter);
      const newTrades = `select * from ${quoteIdent(tradeReady)} s
        where not exists (select 1 from "${existingTrades}" e where e.product_id = s.product_id and e.trade_id = s.trade_id)
        qualify row_number() over (partition by product_id, trade_id
                                   order by received_at_us, bronze_kafka_partition, bronze_kafka_offset) = 1`;
      const count = await ctx.conn.runAndReadAll(`select count(*) from (${newTrades})`);
      const tradesWritten = Number(count.getRows()[0]?.[0] ?? 0);
      const unchanged = {
        ...nothing,
        bronzeRows: bronzeRows.length,
        duplicates: trades.length,
        rejectsWritten,
      };
      // Nothing new (heartbeats, tickers, redeliveries): no snapshot, unless the checkpoint must move on.
      if (tradesWritten === 0 && !(await checkpointDue(ctx, tradesHead.snapshotCount, from, to))) return unchanged;
      const outcome = await writeAuditPublish(ctx, {
        def: silverTrades,
        options: {
          properties: { ...tradesHead.properties, [PROP_BRONZE_SNAPSHOT]: to },
          expectedSnapshotId: tradesHead.snapshotId,
        },
        write: (options) =>
          ctx.store.append(
            ctx.conn,
            silverTrades,
            `select product_id, trade_id, price, size, maker_side, taker_side, exchange_time, received_at,
                    ingest_latency_ms, source, event_type, bronze_kafka_topic, bronze_kafka_partition, bronze_kafka_offset,
                    make_timestamptz(${nowUs}) as promoted_at
             from (${newTrades})`,
            options,
          ),
        views: {
          batch: (view, staged) => ctx.store.scanAppended(ctx.conn, silverTrades, view, tradesHead.snapshotId, staged),
          table: (view) => ctx.store.scan(ctx.conn, silverTrades, view, filter, AUDIT_BRANCH),
        },
      });
      const result = {
        fromBronzeSnapshot: from,
        toBronzeSnapshot: to,
        bronzeRows: bronzeRows.length,
        tradesWritten,
        duplicates: trades.length - tradesWritten,
        rejectsWritten,
        quarantined: isolated.length,
        snapshotId: outcome.published ? outcome.snapshotId : undefined,
        ...newestEvent(filter),
        ...(quarantine.size > 0 ? { auditQuarantined: quarantine.size } : {}),
      };
      if (outcome.published) return result;
      const blamed = quarantineFor(outcome.rejected, trades);
      // A gate that blames rows goes on without them; one that blames none waits until it is fixed.
      if (blamed.size > 0) return { ...result, tradesWritten: 0, duplicates: 0, retryWithout: blamed };
      return { ...result, tradesWritten: 0, duplicates: 0, blocked: describeBlocked('silver.trades', outcome) };
    } finally {
      await dropTemp(ctx.conn, tradeStage, tradeReady, rejectStage);
      for (const view of [bronzeView, existingTrades, existingRejects]) {
        await ctx.conn.run(`drop view if exists "${view}"`);
      }
    }
  }

  const promote = (quarantine: Quarantine) =>
    retryOnConflict<PromoteAttempt>('silver promotion', ctx.commitRetries, () => promoteOnce(quarantine), superseded);
  let quarantine: Quarantine = new Map();
  // A second audit runs without the rows the first blamed (their rejects are recorded then); rows it
  // blames in turn wait for the next run, so one run never loops.
  for (let attempt = 0; ; attempt += 1) {
    const { retryWithout, ...result } = await promote(quarantine);
    if (retryWithout === undefined) return result;
    if (attempt > 0)
      return { ...result, blocked: `quality gate blamed more trades after quarantining ${quarantine.size}` };
    quarantine = retryWithout;
  }
}

function superseded(conflict: CommitConflictError): SilverPromoteResult {
  return {
    fromBronzeSnapshot: undefined,
    toBronzeSnapshot: undefined,
    bronzeRows: 0,
    tradesWritten: 0,
    duplicates: 0,
    rejectsWritten: 0,
    quarantined: 0,
    snapshotId: undefined,
    supersededBy: conflict.actualSnapshotId,
  };
}

/** The batch's trades each failed row check blamed, with the expectation as the reject's reason. */
function quarantineFor(rejected: readonly RejectedRows[], trades: readonly SilverTrade[]): Map<string, string> {
  const inBatch = new Set(trades.map((trade) => tradeKey(trade.product_id, trade.trade_id)));
  const blamed = new Map<string, string>();
  for (const { result, rows } of rejected) {
    for (const row of rows) {
      const key = tradeKey(row.product_id, row.trade_id);
      if (inBatch.has(key) && !blamed.has(key)) {
        blamed.set(key, `quarantined: failed blocking expectation "${result.expectation}" of ${result.suite}`);
      }
    }
  }
  return blamed;
}
