/**
 * Floating-point text exactly as Java's Double.toString and Float.toString write it (the text Jackson
 * puts on the wire for Trino's double and real): always a fraction or an exponent ("0.0", "1.0E10",
 * "1.0E-4"), shortest digits that read back to the same value, so a strict client sees a float token.
 */

/** Shortest decimal digits (no trailing zeros) and the exponent of the first digit, from JS exponential text. */
function digitsOf(exponential: string): { digits: string; exponent: number } {
  const [mantissa = '', exponentText = '0'] = exponential.split('e');
  const digits = mantissa.replace('-', '').replace('.', '').replace(/0+$/, '') || '0';
  return { digits, exponent: Number(exponentText) };
}

/**
 * Java picks the closest decimal among those of the shortest length, and when that length is 1 it
 * also considers length 2 (Double.toString(Double.MIN_VALUE) is "4.9E-324", not "5.0E-324").
 */
function javaDigits(
  value: number,
  one: ReturnType<typeof digitsOf>,
  readsBack: (text: string) => boolean,
): ReturnType<typeof digitsOf> {
  if (one.digits.length > 1) return one;
  const two = value.toExponential(1);
  return readsBack(two) ? digitsOf(two) : one;
}

function layout(negative: boolean, digits: string, exponent: number): string {
  const sign = negative ? '-' : '';
  if (exponent >= -3 && exponent < 7) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
}

/** Java's Double.toString for a finite double. */
export function javaDoubleText(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const { digits, exponent } = javaDigits(value, digitsOf(value.toExponential()), (text) => Number(text) === value);
  return layout(value < 0, digits, exponent);
}

/** Java's Float.toString for a finite float (given as the double that holds it exactly). */
export function javaFloatText(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const readsBack = (text: string): boolean => Math.fround(Number(text)) === value;
  let shortest = 1;
  while (shortest < 9 && !readsBack(value.toExponential(shortest - 1))) shortest++;
  const { digits, exponent } = javaDigits(value, digitsOf(value.toExponential(shortest - 1)), readsBack);
  return layout(value < 0, digits, exponent);
}
