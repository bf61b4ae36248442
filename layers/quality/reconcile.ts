/**
 * Reconciliation of gold.ohlcv_1m against the exchange's own candles (Coinbase REST
 * `/products/{id}/candles`, which the simulator serves too). Coinbase builds its candles from the
 * trades exactly as gold does (first and last trade id, sum of sizes), so any difference is a
 * finding: a missed trade, a gap, a bug. Prices and volumes are compared as exact decimals.
 */
import { parse as parseLosslessJson } from 'lossless-json';
import { QualityError } from './errors.js';

export interface Candle {
  /** Bucket start, epoch seconds. */
  readonly time: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

export interface CandleDifference {
  readonly product: string;
  readonly time: number;
  readonly kind: 'missing_in_gold' | 'missing_at_exchange' | 'different';
  /** For `different`: each field that differs, with both values. */
  readonly fields: readonly { readonly field: string; readonly exchange: string; readonly gold: string }[];
}

const FIELDS = ['open', 'high', 'low', 'close', 'volume'] as const;

/** A decimal's canonical text (no exponent, no leading or trailing zeros), for exact comparison. */
export function canonicalDecimal(text: string): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === ''))
    throw new QualityError(`${JSON.stringify(text)} is not a decimal`);
  const [, sign = '', integer = '', fraction = '', exponentText] = match;
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  let digits = `${integer}${fraction}`;
  let point = integer.length + exponent;
  if (point < 0) {
    digits = `${'0'.repeat(-point)}${digits}`;
    point = 0;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  const whole = digits.slice(0, point).replace(/^0+/, '') || '0';
  const part = digits.slice(point).replace(/0+$/, '');
  const value = part === '' ? whole : `${whole}.${part}`;
  return value === '0' ? '0' : `${sign}${value}`;
}

/** The REST answer `[[time, low, high, open, close, volume], ...]`, with the numbers' exact text. */
export function parseExchangeCandles(body: string): Candle[] {
  const rows = parseLosslessJson(body, null, (digits: string) => digits) as unknown;
  if (!Array.isArray(rows)) throw new QualityError(`candles answer is not a list: ${body.slice(0, 120)}`);
  return rows.map((row: unknown, index) => {
    if (!Array.isArray(row) || row.length < 6 || row.some((v) => typeof v !== 'string')) {
      throw new QualityError(`candle ${index} is not [time, low, high, open, close, volume]: ${JSON.stringify(row)}`);
    }
    const [time, low, high, open, close, volume] = row as string[];
    return {
      time: Number(time),
      low: low as string,
      high: high as string,
      open: open as string,
      close: close as string,
      volume: volume as string,
    };
  });
}

/** Differences between the exchange's candles and gold's for one product over the same closed minutes. */
export function reconcileCandles(
  product: string,
  exchange: readonly Candle[],
  gold: readonly Candle[],
): CandleDifference[] {
  const ours = new Map(gold.map((candle) => [candle.time, candle]));
  const theirs = new Map(exchange.map((candle) => [candle.time, candle]));
  const differences: CandleDifference[] = [];
  for (const candle of exchange) {
    const mine = ours.get(candle.time);
    if (mine === undefined) {
      differences.push({ product, time: candle.time, kind: 'missing_in_gold', fields: [] });
      continue;
    }
    const fields = FIELDS.filter((field) => canonicalDecimal(candle[field]) !== canonicalDecimal(mine[field])).map(
      (field) => ({ field, exchange: candle[field], gold: mine[field] }),
    );
    if (fields.length > 0) differences.push({ product, time: candle.time, kind: 'different', fields });
  }
  for (const candle of gold) {
    if (!theirs.has(candle.time))
      differences.push({ product, time: candle.time, kind: 'missing_at_exchange', fields: [] });
  }
  return differences.sort((a, b) => a.time - b.time);
}
