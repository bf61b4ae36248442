/**
 * Coinbase product ids: upper-case base and quote asset codes joined by dashes (BTC-USD, 1INCH-EUR,
 * BTC-PERP-INTX). Anything else (control characters, lone surrogates, lower case, empty parts) is not
 * a product the venue lists, and is refused with a reason instead of being stored or altered.
 */
const PRODUCT_ID = /^[A-Z0-9]{1,24}(?:-[A-Z0-9]{1,24}){1,3}$/;

export type ProductIdResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: string };

export function checkProductId(value: unknown): ProductIdResult {
  if (value === undefined || value === null || value === '') return { ok: false, reason: 'product_id missing' };
  if (typeof value !== 'string') return { ok: false, reason: `product_id ${JSON.stringify(value)} is not a string` };
  if (PRODUCT_ID.test(value)) return { ok: true, value };
  // JSON.stringify escapes control characters and lone surrogates, so the reason shows them exactly.
  return { ok: false, reason: `product_id ${JSON.stringify(value)} is not a Coinbase product id (e.g. BTC-USD)` };
}
