/**
 * The dashboard's HTTP routes: the two pages and their assets, the data endpoints (Arrow IPC
 * streams), a status document and the event stream. A table that does not exist yet answers an
 * empty Arrow stream with `x-lakehouse-waiting` naming it, which the pages show as "waiting for data".
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { NotFoundError, type QueryEngine } from '../../layers/engine/index.js';
import { arrowIpc, numberSeriesIpc } from './arrowEncoding.js';
import {
  HEALTH_TABLES,
  QUALITY_TABLE,
  qualityResultsQuery,
  REJECTED_TABLE,
  rejectedTradesQuery,
  tableMetadataQuery,
} from './healthQueries.js';
import type { LiveUpdates } from './liveUpdates.js';
import {
  CANDLE_WINDOW,
  type CandleInterval,
  candlesQuery,
  dailyMetricsQuery,
  latestPricesQuery,
} from './marketQueries.js';
import type { MetricsSample } from './metricsSampler.js';
import { type DashboardQuery, queryColumns } from './queryColumns.js';
import { type Asset, readAsset } from './staticAssets.js';

export const ARROW_STREAM = 'application/vnd.apache.arrow.stream';
export const WAITING_HEADER = 'x-lakehouse-waiting';

export interface RouteContext {
  readonly engine: QueryEngine;
  readonly assets: ReadonlyMap<string, Asset>;
  readonly live: LiveUpdates;
  /** Tables that exist now (as of the last poll). */
  existingTables(): ReadonlySet<string>;
  samples(): readonly MetricsSample[];
  latestSample(): MetricsSample | undefined;
}

class BadRequest extends Error {}

function requiredParam(url: URL, name: string): string {
  const value = url.searchParams.get(name);
  if (value === null || value === '') throw new BadRequest(`query parameter ${name} is required`);
  return value;
}

function candleInterval(url: URL): CandleInterval {
  const value = requiredParam(url, 'interval');
  if (!(value in CANDLE_WINDOW)) {
    throw new BadRequest(`interval=${value}: expected one of ${Object.keys(CANDLE_WINDOW).join(', ')}`);
  }
  return value as CandleInterval;
}

function sendArrow(response: ServerResponse, bytes: Uint8Array, waitingFor?: string): void {
  response.writeHead(200, {
    'content-type': ARROW_STREAM,
    'cache-control': 'no-store',
    ...(waitingFor === undefined ? {} : { [WAITING_HEADER]: waitingFor }),
  });
  response.end(bytes);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

export function createDashboardHandler(context: RouteContext): RequestListener {
  /** The query's rows as Arrow, or an empty stream marked waiting when a table it reads is missing. */
  async function arrowOf(response: ServerResponse, tables: readonly string[], query: () => DashboardQuery) {
    const missing = tables.filter((table) => !context.existingTables().has(table));
    if (missing.length > 0) return sendArrow(response, arrowIpc([]), missing.join(','));
    try {
      sendArrow(response, arrowIpc(await queryColumns(context.engine, query())));
    } catch (error) {
      // Dropped since the last poll: the same as not created yet.
      if (error instanceof NotFoundError) return sendArrow(response, arrowIpc([]), tables.join(','));
      throw error;
    }
  }

  const routes: Record<string, (url: URL, response: ServerResponse) => Promise<void> | void> = {
    '/api/market/prices': (_url, response) => arrowOf(response, ['gold.latest_prices'], latestPricesQuery),
    '/api/market/candles': (url, response) => {
      const interval = candleInterval(url);
      const product = requiredParam(url, 'product');
      return arrowOf(response, [CANDLE_WINDOW[interval].table], () => candlesQuery(interval, product));
    },
    '/api/market/daily': (url, response) => {
      const product = requiredParam(url, 'product');
      return arrowOf(response, ['gold.daily_metrics'], () => dailyMetricsQuery(product));
    },
    '/api/health/tables': (_url, response) => {
      const tables = HEALTH_TABLES.filter((table) => context.existingTables().has(table));
      if (tables.length === 0) return sendArrow(response, arrowIpc([]), HEALTH_TABLES.join(','));
      return arrowOf(response, tables, () => tableMetadataQuery(tables));
    },
    '/api/health/rejected': (_url, response) => arrowOf(response, [REJECTED_TABLE], rejectedTradesQuery),
    '/api/health/quality': (_url, response) => arrowOf(response, [QUALITY_TABLE], qualityResultsQuery),
    '/api/health/series': (_url, response) => {
      const samples = context.samples();
      sendArrow(
        response,
        numberSeriesIpc({
          at: samples.map((s) => s.at / 1000),
          framesReceivedPerSecond: samples.map((s) => s.framesReceivedPerSecond),
          framesProducedPerSecond: samples.map((s) => s.framesProducedPerSecond),
          receiptLatencyP95Seconds: samples.map((s) => s.receiptLatencyP95Seconds),
        }),
      );
    },
    '/api/status': (_url, response) =>
      sendJson(response, 200, {
        serverTime: new Date().toISOString(),
        tables: [...context.existingTables()].sort(),
        metrics: context.latestSample() ?? null,
      }),
    '/api/events': (_url, response) => context.live.attach(response),
    // Browsers ask for it unprompted; answering 204 keeps their consoles free of 404s.
    '/favicon.ico': (_url, response) => {
      response.writeHead(204).end();
    },
  };

  return (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://dashboard');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendJson(response, 405, { error: `${request.method} is not served: the dashboard is read-only` });
      return;
    }
    const route = routes[url.pathname];
    const item = context.assets.get(url.pathname);
    const work = route
      ? Promise.resolve().then(() => route(url, response))
      : item
        ? readAsset(item).then((bytes) => {
            response.writeHead(200, { 'content-type': item.contentType, 'cache-control': 'no-cache' });
            response.end(bytes);
          })
        : Promise.resolve(sendJson(response, 404, { error: `not found: ${url.pathname}` }));
    work.catch((error: unknown) => {
      const status = error instanceof BadRequest ? 400 : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (response.headersSent) response.destroy();
      else sendJson(response, status, { error: `${url.pathname}: ${message}` });
    });
  };
}
