/**
 * The simulator's REST endpoints, Coinbase Exchange style:
 * - GET /products/{id}/trades?limit&after&before: newest first, CB-BEFORE / CB-AFTER cursor headers.
 * - GET /products/{id}/candles?granularity&start&end: `[[time, low, high, open, close, volume]]`.
 * - GET /products: the simulated products.
 */
import type http from 'node:http';
import { parseTimeMicros } from '../../layers/coinbase/index.js';
import { buildCandles, candlesJson, GRANULARITIES, MAX_CANDLES } from './candles.js';
import type { Market } from './Market.js';

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

const reply = (status: number, body: string, headers: Record<string, string> = {}): Reply => ({
  status,
  body,
  headers,
});

const message = (text: string) => JSON.stringify({ message: text });

/** Epoch seconds from ISO 8601 or a number of seconds; undefined when absent, NaN when invalid. */
function readTime(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.floor(Number(value));
  const parsed = parseTimeMicros(value.includes('.') || value.endsWith('Z') ? value : `${value}Z`);
  return parsed.ok ? Number(parsed.micros / 1_000_000n) : Number.NaN;
}

export function handleRest(market: Market, request: http.IncomingMessage, response: http.ServerResponse): void {
  const answer = route(market, request);
  response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  response.end(answer.body);
}

function route(market: Market, request: http.IncomingMessage): Reply {
  const url = new URL(request.url ?? '/', 'http://simulator');
  if (request.method !== 'GET') return reply(405, message('method not allowed'));
  if (url.pathname === '/products') {
    return reply(200, JSON.stringify(market.productIds.map((id) => ({ id, status: 'online' }))));
  }
  const match = /^\/products\/([^/]+)\/(trades|candles)$/.exec(url.pathname);
  if (!match) return reply(404, message('NotFound'));
  const productId = decodeURIComponent(match[1] as string);
  if (!market.has(productId)) return reply(404, message('NotFound'));
  if (match[2] === 'trades') {
    const limitText = url.searchParams.get('limit') ?? '100';
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > 1000) return reply(400, message('invalid limit'));
    const cursor = (name: string) => {
      const value = url.searchParams.get(name);
      return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
    };
    const page = market.tradesPage(productId, { limit, after: cursor('after'), before: cursor('before') });
    const headers: Record<string, string> = {};
    if (page.length > 0) {
      headers['cb-before'] = String(page[0]?.trade_id);
      headers['cb-after'] = String(page[page.length - 1]?.trade_id);
    }
    const body = page.map(({ time, trade_id, price, size, side }) => ({ time, trade_id, price, size, side }));
    return reply(200, JSON.stringify(body), headers);
  }
  const granularity = Number(url.searchParams.get('granularity') ?? '60');
  if (!(GRANULARITIES as readonly number[]).includes(granularity)) {
    return reply(400, message('Unsupported granularity'));
  }
  const start = readTime(url.searchParams.get('start'));
  const end = readTime(url.searchParams.get('end'));
  if (Number.isNaN(start) || Number.isNaN(end)) return reply(400, message('invalid start or end'));
  const endSeconds = end ?? Math.floor(Date.now() / 1000);
  const startSeconds = start ?? endSeconds - granularity * MAX_CANDLES;
  if ((endSeconds - startSeconds) / granularity > MAX_CANDLES) {
    return reply(
      400,
      message('granularity too small for the requested time range. Count of aggregations requested exceeds 300'),
    );
  }
  const alignedStart = startSeconds - (startSeconds % granularity);
  const trades = market.tradesBetween(
    productId,
    BigInt(alignedStart) * 1_000_000n,
    (BigInt(endSeconds) + BigInt(granularity) - (BigInt(endSeconds) % BigInt(granularity))) * 1_000_000n,
  );
  return reply(200, candlesJson(buildCandles(trades, granularity)));
}
