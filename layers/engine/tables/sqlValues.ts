/** Small literal helpers for metadata rows (null-safe, exact for 64-bit ids). */
import { quoteString } from '../sql/quote.js';

export function sqlText(value: string | undefined | null): string {
  return value === undefined || value === null ? 'NULL' : quoteString(value);
}

export function sqlInt(value: number | bigint | undefined | null): string {
  return value === undefined || value === null ? 'NULL' : `${BigInt(value).toString()}`;
}

export function sqlBool(value: boolean | undefined | null): string {
  return value === undefined || value === null ? 'NULL' : value ? 'TRUE' : 'FALSE';
}

/** Milliseconds since the epoch as TIMESTAMPTZ (exact, independent of the session time zone). */
export function sqlTimestampMs(ms: number): string {
  return `timezone('UTC', make_timestamp(CAST(${BigInt(ms) * 1000n} AS BIGINT)))`;
}

export function sqlStringMap(entries: Readonly<Record<string, string>>): string {
  const items = Object.entries(entries).map(([k, v]) => `${quoteString(k)}: ${quoteString(v)}`);
  return `CAST(MAP {${items.join(', ')}} AS MAP(VARCHAR, VARCHAR))`;
}

export function sqlIntMap(entries: ReadonlyMap<number, number> | undefined): string {
  if (entries === undefined) return 'NULL';
  const items = [...entries].map(([k, v]) => `${k}: ${BigInt(v)}`);
  return `CAST(MAP {${items.join(', ')}} AS MAP(INTEGER, BIGINT))`;
}

export function sqlTextMap(entries: ReadonlyMap<number, string> | undefined): string {
  if (entries === undefined) return 'NULL';
  const items = [...entries].map(([k, v]) => `${k}: ${quoteString(v)}`);
  return `CAST(MAP {${items.join(', ')}} AS MAP(INTEGER, VARCHAR))`;
}

export function sqlIntList(values: readonly number[] | undefined, elementType: string): string {
  if (values === undefined) return 'NULL';
  return `CAST([${values.map((v) => BigInt(v).toString()).join(', ')}] AS ${elementType}[])`;
}

export function sqlBlob(bytes: Uint8Array | undefined): string {
  return bytes === undefined ? 'NULL' : `unhex(${quoteString(Buffer.from(bytes).toString('hex'))})`;
}
