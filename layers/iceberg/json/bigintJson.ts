/**
 * JSON that keeps 64-bit integers exact: snapshot ids are 63-bit and `JSON.parse` would round them.
 * Integers outside the safe range come back as bigint; everything else as plain JS values.
 */
import { isInteger, parse, stringify } from 'lossless-json';

function parseNumber(text: string): number | bigint {
  if (isInteger(text)) {
    const asNumber = Number(text);
    return Number.isSafeInteger(asNumber) ? asNumber : BigInt(text);
  }
  return Number(text);
}

export function parseJson(text: string): unknown {
  return parse(text, null, parseNumber);
}

/** Serialises bigint as a bare JSON number (never a string), as Iceberg metadata requires. */
export function stringifyJson(value: unknown, indent?: number): string {
  const text = stringify(value, undefined, indent);
  if (text === undefined) throw new TypeError('value is not JSON-serialisable');
  return text;
}

/** A JSON integer field read as bigint whatever size it had. */
export function toBigInt(value: unknown, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`${what}: expected an integer, got ${String(value)}`);
}

/** A JSON integer field that must fit a JS number (ids, counts, millisecond timestamps). */
export function toNumber(value: unknown, what: string): number {
  if (typeof value === 'number') return value;
  if (
    typeof value === 'bigint' &&
    value <= BigInt(Number.MAX_SAFE_INTEGER) &&
    value >= -BigInt(Number.MAX_SAFE_INTEGER)
  )
    return Number(value);
  throw new TypeError(`${what}: expected a number, got ${String(value)}`);
}
