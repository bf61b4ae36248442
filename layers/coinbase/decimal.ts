/**
 * Coinbase prices and sizes are decimal strings and stay strings here (never binary floating point).
 * Validation only: `"0.-10000"` (seen in real data), exponents, signs and empty parts are rejected.
 */

const DECIMAL = /^\d+(\.\d+)?$/;

export type DecimalCheck = { ok: true; value: string } | { ok: false; reason: string };

/** Accepts a plain non-negative decimal string; with `positive`, zero is rejected too. */
export function checkDecimal(field: string, value: unknown, options: { positive: boolean }): DecimalCheck {
  if (typeof value !== 'string') return { ok: false, reason: `${field} is not a decimal string` };
  if (!DECIMAL.test(value))
    return { ok: false, reason: `${field} ${JSON.stringify(value.slice(0, 40))} is not a plain decimal` };
  if (options.positive && !/[1-9]/.test(value)) return { ok: false, reason: `${field} ${value} is not positive` };
  return { ok: true, value };
}
