/**
 * Write-audit-publish on both table stores: silver and gold commit to the audit branch, and main
 * moves only when every blocking expectation passes. Bad trades that silver's own validation lets
 * through (a producer whose clock runs an hour ahead) are quarantined as rejects naming the
 * expectation while the good trades are published; a failure no row can be blamed for keeps main
 * where it was, keeps the commit on a branch, and flows again once the suite is fixed; a blocked
 * gold model leaves its table unchanged and the models that read it wait. Every audit is recorded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nowMicros } from '../../../layers/coinbase/index.js';
import {
  buildGold,
  failedAuditBranch,
  loadModelProject,
  type ModelProject,
  type PipelineContext,
  promoteSilver,
  type QualityGate,
  type RecordedResult,
  silverTrades,
  tableNamed,
  writeBronze,
} from '../../../layers/pipeline/index.js';
import { loadSuites, parseSuite, type Suite } from '../../../layers/quality/index.js';
import { type FeedFrame, matchFrame, toRecords } from './feeds.js';
import { memoryPipeline } from './memoryPipeline.js';
import type { RefTrade } from './referenceGold.js';

const MINUTE_US = 60_000_000n;
const FUTURE_EXPECTATION = 'no exchange times in the future (5 minutes of clock skew allowed)';

/** A gate over `suites` (replaceable per table) that keeps what it is asked to record. */
function testGate(suites: readonly Suite[]): QualityGate & { recorded: RecordedResult[]; use(suite: Suite): void } {
  const byTable = new Map(suites.map((suite) => [suite.table, suite]));
  const recorded: RecordedResult[] = [];
  return {
    recorded,
    use: (suite) => byTable.set(suite.table, suite),
    suiteFor: (table) => byTable.get(table),
    record: async (results) => {
      recorded.push(...results);
    },
    failedAuditsKept: 8,
  };
}

const suite = (table: string, expectations: string) =>
  parseSuite(`test/${table}.yml`, `table: ${table}\nexpectations:\n${expectations}`);

function trade(tradeId: bigint, exchangeTimeUs: bigint, product = 'BTC-USD'): RefTrade {
  return {
    product_id: product,
    trade_id: tradeId,
    price: '60000.5',
    size: '0.25',
    taker_side: 'buy',
    exchange_time_us: exchangeTimeUs,
  };
}

for (const kind of ['memory', 'iceberg'] as const)
  describe(`write-audit-publish on the ${kind} table store`, () => {
    let base: Awaited<ReturnType<typeof memoryPipeline>>;
    let ctx: PipelineContext;
    let gate: ReturnType<typeof testGate>;
    let project: ModelProject;
    let offset = 0;
    // Minutes in the recent past, so the real suites' freshness and "not in the future" checks apply.
    const startUs = ((nowMicros() - 60n * MINUTE_US) / MINUTE_US) * MINUTE_US;

    before(async () => {
      base = await memoryPipeline(kind);
      gate = testGate(await loadSuites('sql/quality'));
      ctx = { ...base, gate };
      project = await loadModelProject('sql');
    });
    after(() => base.close());

    const ingest = (frames: readonly FeedFrame[]) => {
      const records = toRecords(frames, 'coinbase.raw', 1).map((r) => ({ ...r, offset: r.offset + BigInt(offset) }));
      offset += frames.length;
      return writeBronze(ctx, records);
    };
    const received = (trades: readonly RefTrade[], skewUs = 0n) =>
      trades.map((t) => ({ text: matchFrame(t), receivedAtUs: t.exchange_time_us + 1000n + skewUs }));
    const rows = async (table: string, sql: string, branch?: string) => {
      await ctx.store.scan(ctx.conn, tableNamed(table), 'wap_read', undefined, branch);
      return (await ctx.conn.runAndReadAll(sql.replaceAll('$t', 'wap_read'))).getRows();
    };

    it('quarantines trades that fail a blocking expectation and publishes the rest', async () => {
      const good = [1n, 2n, 3n].map((id) => trade(id, startUs + id * MINUTE_US));
      // Silver accepts these (their exchange time is just before their receipt), but the receipt
      // clock is an hour ahead: the suite's "not in the future" check is what stops them.
      const ahead = [4n, 5n].map((id) => trade(id, nowMicros() + 60n * MINUTE_US));
      await ingest([...received(good), ...received(ahead, -2000n)]);
      const before = await ctx.store.head(silverTrades);

      const result = await promoteSilver(ctx);
      assert.equal(result.blocked, undefined);
      assert.equal(result.auditQuarantined, 2);
      assert.equal(result.tradesWritten, 3);
      assert.deepEqual(
        (await rows('silver.trades', 'select trade_id from $t order by trade_id')).map((r) => Number(r[0])),
        [1, 2, 3],
      );
      const rejects = await rows('silver.trades_rejected', 'select trade_id, reason from $t order by trade_id');
      assert.deepEqual(
        rejects.map((r) => [String(r[0]), String(r[1])]),
        ['4', '5'].map((id) => [
          id,
          `quarantined: failed blocking expectation "${FUTURE_EXPECTATION}" of sql/quality/silver.trades.yml`,
        ]),
      );
      // The failed audit's commit stays readable on its branch, with the trades it held.
      const kept = await rows(
        'silver.trades',
        'select count(*) from $t where trade_id in (4, 5)',
        failedAuditBranch(before.snapshotId),
      );
      assert.equal(Number(kept[0]?.[0]), 2);
      // Both audits are recorded: the failure (with the blamed rows as its sample), then the pass.
      const audits = gate.recorded.filter((r) => r.table === 'silver.trades' && r.expectation === FUTURE_EXPECTATION);
      assert.deepEqual(
        audits.map((r) => [r.scope, r.passed, r.observed]),
        [
          ['commit', false, '2 unexpected rows'],
          ['commit', true, '0 unexpected rows'],
        ],
      );
      assert.equal(audits[1]?.snapshotId, result.snapshotId);
      assert.equal(JSON.parse(audits[0]?.sample ?? '[]').length, 2);
    });

    it('builds gold from the published trades, every blocking expectation passing', async () => {
      const gold = await buildGold(ctx, project);
      assert.equal(gold.blocked, undefined);
      const candles = await rows('gold.ohlcv_1m', 'select count(*), sum(trade_count) from $t');
      assert.deepEqual(candles[0]?.map(Number), [3, 3]);
      const goldAudits = gate.recorded.filter((r) => r.table.startsWith('gold.'));
      assert.ok(goldAudits.length > 0);
      assert.deepEqual(
        goldAudits.filter((r) => !r.passed && r.severity === 'blocking'),
        [],
      );
    });

    it('keeps main unchanged when no row can be blamed, and flows once the suite is fixed', async () => {
      gate.use(
        suite(
          'silver.trades',
          '  - expectation_type: expect_table_row_count_to_be_between\n    kwargs: { max_value: 1 }\n    description: at most one trade per commit\n',
        ),
      );
      await ingest(received([6n, 7n].map((id) => trade(id, startUs + 10n * MINUTE_US))));
      const before = await ctx.store.head(silverTrades);
      for (let run = 0; run < 2; run += 1) {
        const blocked = await promoteSilver(ctx);
        assert.match(blocked.blocked ?? '', /"at most one trade per commit" \(2\).*main is unchanged/);
        assert.equal(blocked.snapshotId, undefined);
        assert.equal((await ctx.store.head(silverTrades)).snapshotId, before.snapshotId);
      }
      const kept = await rows('silver.trades', 'select count(*) from $t', failedAuditBranch(before.snapshotId));
      assert.equal(Number(kept[0]?.[0]), 5);
      assert.equal(Number((await rows('silver.trades', 'select count(*) from $t'))[0]?.[0]), 3);

      gate.use(
        suite(
          'silver.trades',
          '  - expectation_type: expect_table_row_count_to_be_between\n    kwargs: { max_value: 10 }\n    description: at most ten trades per commit\n',
        ),
      );
      const flowing = await promoteSilver(ctx);
      assert.equal(flowing.blocked, undefined);
      assert.equal(flowing.tradesWritten, 2);
      assert.equal(Number((await rows('silver.trades', 'select count(*) from $t'))[0]?.[0]), 5);
    });

    it('blocks a gold model that fails its suite, leaves its table unchanged and holds its dependents', async () => {
      const ohlcv1m = tableNamed('gold.ohlcv_1m');
      const hourly = tableNamed('gold.ohlcv_1h');
      const [minuteBefore, hourBefore] = await Promise.all([ctx.store.head(ohlcv1m), ctx.store.head(hourly)]);
      gate.use(
        suite(
          'gold.ohlcv_1m',
          "  - expectation_type: expect_unexpected_rows_query_to_return_none\n    description: no ETH candles\n    kwargs:\n      unexpected_rows_query: select * from {batch} where product_id = 'ETH-USD'\n",
        ),
      );
      await ingest(received([8n, 9n].map((id) => trade(id, startUs + 20n * MINUTE_US, 'ETH-USD'))));
      assert.equal((await promoteSilver(ctx)).tradesWritten, 2);

      const gold = await buildGold(ctx, project);
      const blocked = gold.blocked ?? [];
      assert.ok(
        blocked.some((line) => /gold\.ohlcv_1m.*"no ETH candles".*main is unchanged/.test(line)),
        blocked.join('\n'),
      );
      for (const model of ['ohlcv_1h', 'daily_metrics', 'latest_prices']) {
        assert.ok(blocked.includes(`gold model ${model} waits: its input ohlcv_1m is blocked`), blocked.join('\n'));
      }
      assert.deepEqual(gold.models, []);
      assert.equal((await ctx.store.head(ohlcv1m)).snapshotId, minuteBefore.snapshotId);
      assert.equal((await ctx.store.head(hourly)).snapshotId, hourBefore.snapshotId);
      const failed = gate.recorded.filter((r) => r.table === 'gold.ohlcv_1m' && !r.passed);
      assert.equal(failed.at(-1)?.expectation, 'no ETH candles');

      for (const real of await loadSuites('sql/quality')) gate.use(real);
      const published = await buildGold(ctx, project);
      assert.equal(published.blocked, undefined);
      const eth = await rows('gold.ohlcv_1m', "select sum(trade_count) from $t where product_id = 'ETH-USD'");
      assert.equal(Number(eth[0]?.[0]), 2);
    });

    it('records a quarantined trade once, however often the feed is replayed', async () => {
      for (const real of await loadSuites('sql/quality')) gate.use(real);
      const ahead = [trade(10n, nowMicros() + 60n * MINUTE_US)];
      for (let replay = 0; replay < 2; replay += 1) {
        await ingest(received(ahead, -2000n));
        await promoteSilver(ctx);
      }
      const rejects = await rows('silver.trades_rejected', 'select count(*) from $t where trade_id = 10');
      assert.equal(Number(rejects[0]?.[0]), 1);
    });

    it('audits a gold model against the silver it read, when silver commits while it builds', async () => {
      const minute = startUs + 30n * MINUTE_US;
      await ingest(received([trade(100n, minute)]));
      await promoteSilver(ctx);
      // Silver gains a trade in the same minute after gold read silver and before its audit: the
      // audit must count what the build read (one trade), not the newer silver (two).
      let raced = false;
      const racing = new Proxy(ctx.store, {
        get(target, property) {
          const value = Reflect.get(target, property, target);
          if (property !== 'replace' || typeof value !== 'function') {
            return typeof value === 'function' ? value.bind(target) : value;
          }
          return async (...args: Parameters<typeof target.replace>) => {
            if (!raced && args[1].name === 'ohlcv_1m') {
              raced = true;
              await ingest(received([trade(101n, minute + 1_000_000n)]));
              assert.equal((await promoteSilver(ctx)).tradesWritten, 1);
            }
            return target.replace(...args);
          };
        },
      });
      const gold = await buildGold({ ...ctx, store: racing }, project);
      assert.ok(raced);
      assert.equal(gold.blocked, undefined, gold.blocked?.join('\n'));
      const count = `select sum(trade_count) from $t where bucket_start = make_timestamp(${minute})`;
      assert.equal(Number((await rows('gold.ohlcv_1m', count))[0]?.[0]), 1);
      // The next build catches up with the trade that arrived meanwhile.
      assert.equal((await buildGold(ctx, project)).blocked, undefined);
      assert.equal(Number((await rows('gold.ohlcv_1m', count))[0]?.[0]), 2);
    });
  });
