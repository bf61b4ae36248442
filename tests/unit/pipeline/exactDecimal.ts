/** Exact decimal arithmetic for the tests' independent computations: decimal strings as scaled bigints. */

export const SCALE = 10;

export function units(text: string, scale = SCALE): bigint {
  const negative = text.startsWith('-');
  const [integer = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  if (fraction.length > scale) throw new Error(`${text} has more than ${scale} fractional digits`);
  const value = BigInt(integer + fraction.padEnd(scale, '0'));
  return negative ? -value : value;
}

export function format(value: bigint, scale = SCALE): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** q (scale 2*SCALE) / v (scale SCALE) rounded half up to SCALE digits; both positive. */
export function vwap(quote: bigint, volume: bigint): bigint {
  return (2n * quote + volume) / (2n * volume);
}
