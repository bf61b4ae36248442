/**
 * The reconciliation run: for each product, the exchange's own 1-minute candles (REST
 * `/products/{id}/candles`, Coinbase's or the simulator's) for recent closed minutes against
 * gold.ohlcv_1m over the same minutes. One result per product goes to ops.quality_results; an
 * exchange that cannot be reached is recorded too (a check never passes by not running).
 */
import { type CandleDifference, parseExchangeCandles, reconcileCandles } from '../../quality/index.js';
import type { PipelineContext } from '../context.js';
import { stageName } from '../duck/stage.js';
import { goldOhlcv1m } from '../tables/definitions.js';
import { quoteIdent } from '../tables/TableStore.js';
import { type RecordedResult, recordResults } from './recordResults.js';

export interface ReconcileOptions {
  /** REST base URL, e.g. https://api.exchange.coinbase.com or the simulator's. */
  readonly restUrl: string;
  readonly products: readonly string[];
  /** Closed minutes compared, ending `settleSeconds` before now (the pipeline's freshness). */
  readonly minutes: number;
  readonly settleSeconds: number;
  readonly nowMs?: () => number;
  readonly fetch?: typeof fetch;
}

const EXPECTATION = "gold.ohlcv_1m equals the exchange's own 1-minute candles";
const MAX_SAMPLE = 5;

async function exchangeCandles(options: ReconcileOptions, product: string, startS: number, endS: number) {
  const url = new URL(`${options.restUrl.replace(/\/$/, '')}/products/${encodeURIComponent(product)}/candles`);
  url.searchParams.set('granularity', '60');
  url.searchParams.set('start', new Date(startS * 1000).toISOString());
  url.searchParams.set('end', new Date((endS - 60) * 1000).toISOString());
  const response = await (options.fetch ?? fetch)(url, { headers: { accept: 'application/json' } });
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url.pathname}: HTTP ${response.status} ${body.slice(0, 200)}`);
  return parseExchangeCandles(body).filter((candle) => candle.time >= startS && candle.time < endS);
}

async function goldCandles(ctx: PipelineContext, product: string, startS: number, endS: number) {
  const view = stageName('reconcile_gold');
  await ctx.store.scan(ctx.conn, goldOhlcv1m, view, {
    keyColumn: 'product_id',
    rangeColumn: 'bucket_start',
    ranges: [{ key: product, fromUs: BigInt(startS) * 1_000_000n, toUs: BigInt(endS) * 1_000_000n }],
  });
  try {
    const reader = await ctx.conn.runAndReadAll(
      `select epoch(bucket_start)::bigint, open::varchar, high::varchar, low::varchar, close::varchar, volume::varchar
       from ${quoteIdent(view)}`,
    );
    return reader.getRows().map(([time, open, high, low, close, volume]) => ({
      time: Number(time),
      open: String(open),
      high: String(high),
      low: String(low),
      close: String(close),
      volume: String(volume),
    }));
  } finally {
    await ctx.conn.run(`drop view if exists ${quoteIdent(view)}`);
  }
}

function describeDifferences(differences: readonly CandleDifference[], minutes: number): string {
  if (differences.length === 0) return `0 differences over ${minutes} minutes`;
  return `${differences.length} difference${differences.length === 1 ? '' : 's'} over ${minutes} minutes`;
}

export async function reconcileWithExchange(
  ctx: PipelineContext,
  options: ReconcileOptions,
): Promise<RecordedResult[]> {
  await ctx.store.ensure(goldOhlcv1m);
  const nowS = Math.floor((options.nowMs ?? Date.now)() / 1000);
  const endS = Math.floor((nowS - options.settleSeconds) / 60) * 60;
  const startS = endS - options.minutes * 60;
  const head = await ctx.store.head(goldOhlcv1m);
  const results: RecordedResult[] = [];
  for (const product of options.products) {
    const base = {
      table: 'gold.ohlcv_1m',
      suite: options.restUrl,
      expectation: `${EXPECTATION} (${product})`,
      type: 'coinbase_candles_match' as const,
      severity: 'warning' as const,
      scope: 'reconciliation' as const,
      snapshotId: head.snapshotId,
    };
    try {
      // One after the other: a failed fetch must not leave a gold read running on the shared
      // connection while the results are recorded.
      const theirs = await exchangeCandles(options, product, startS, endS);
      const ours = await goldCandles(ctx, product, startS, endS);
      const differences = reconcileCandles(product, theirs, ours);
      results.push({
        ...base,
        passed: differences.length === 0,
        observed: describeDifferences(differences, options.minutes),
        sample: JSON.stringify(
          differences.slice(0, MAX_SAMPLE).map((d) => ({ ...d, bucket_start: new Date(d.time * 1000).toISOString() })),
        ),
      });
    } catch (error) {
      results.push({ ...base, passed: false, observed: `not evaluated: ${(error as Error).message}`, sample: '[]' });
    }
  }
  await recordResults(ctx, results);
  return results;
}
