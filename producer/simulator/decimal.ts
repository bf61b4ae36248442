/** Exact decimal arithmetic on strings via scaled bigints (the simulator's candles must be exact). */

function split(value: string): { digits: bigint; scale: number } {
  const [whole = '0', fraction = ''] = value.split('.');
  return { digits: BigInt(whole + fraction), scale: fraction.length };
}

export function addDecimals(a: string, b: string): string {
  const left = split(a);
  const right = split(b);
  const scale = Math.max(left.scale, right.scale);
  const sum = left.digits * 10n ** BigInt(scale - left.scale) + right.digits * 10n ** BigInt(scale - right.scale);
  return formatScaled(sum, scale);
}

export function compareDecimals(a: string, b: string): number {
  const left = split(a);
  const right = split(b);
  const scale = Math.max(left.scale, right.scale);
  const l = left.digits * 10n ** BigInt(scale - left.scale);
  const r = right.digits * 10n ** BigInt(scale - right.scale);
  return l < r ? -1 : l > r ? 1 : 0;
}

export function formatScaled(value: bigint, scale: number): string {
  if (scale === 0) return value.toString();
  const text = value.toString().padStart(scale + 1, '0');
  return `${text.slice(0, -scale)}.${text.slice(-scale)}`;
}

/** The shortest text of the same number (as a JSON number): trailing fractional zeros removed. */
export function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/0+$/, '').replace(/\.$/, '') : value;
}
