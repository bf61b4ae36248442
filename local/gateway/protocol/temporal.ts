/**
 * Date and time text in Trino's forms, computed from DuckDB's integer encodings (days and
 * sub-second units since the epoch) so no precision is lost on the way through a JS Date.
 */

const MS_PER_DAY = 86_400_000;

function pad(value: number | bigint, width: number): string {
  return String(value).padStart(width, '0');
}

/** 'YYYY-MM-DD' for a day count since 1970-01-01 (proleptic Gregorian, as DuckDB and Trino use). */
export function formatDate(days: number): string {
  const date = new Date(days * MS_PER_DAY);
  const year = date.getUTCFullYear();
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  return `${yearText}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

function fraction(units: bigint, unitsPerSecond: bigint, precision: number): string {
  if (precision === 0) return '';
  const digits = String(unitsPerSecond).length - 1;
  const text = pad(units, digits);
  return `.${text.slice(0, precision).padEnd(precision, '0')}`;
}

let cachedDay = Number.NaN;
let cachedDayText = '';

/** formatDate for consecutive values of the same day (the common case in a result) without recomputing. */
function dayText(days: number): string {
  if (days !== cachedDay) {
    cachedDay = days;
    cachedDayText = formatDate(days);
  }
  return cachedDayText;
}

const MICROS_PER_DAY = 86_400_000_000;
const SAFE_MICROS = BigInt(Number.MAX_SAFE_INTEGER);

/** The common microsecond case in double arithmetic (exact within ±285 years of 1970). */
function formatMicros(micros: number, precision: number): string {
  const days = Math.floor(micros / MICROS_PER_DAY);
  const rest = micros - days * MICROS_PER_DAY;
  const secondsOfDay = Math.floor(rest / 1_000_000);
  const sub = rest - secondsOfDay * 1_000_000;
  const clock = `${pad(Math.floor(secondsOfDay / 3600), 2)}:${pad(Math.floor(secondsOfDay / 60) % 60, 2)}:${pad(secondsOfDay % 60, 2)}`;
  const fractionText = precision === 0 ? '' : `.${pad(sub, 6).slice(0, precision).padEnd(precision, '0')}`;
  return `${dayText(days)} ${clock}${fractionText}`;
}

/** 'YYYY-MM-DD HH:MM:SS[.fff…]' for a count of 1/unitsPerSecond seconds since the epoch. */
export function formatTimestamp(value: bigint, unitsPerSecond: bigint, precision: number): string {
  if (unitsPerSecond === 1_000_000n && value <= SAFE_MICROS && value >= -SAFE_MICROS) {
    return formatMicros(Number(value), precision);
  }
  const unitsPerDay = unitsPerSecond * 86_400n;
  let days = value / unitsPerDay;
  let rest = value % unitsPerDay;
  if (rest < 0n) {
    rest += unitsPerDay;
    days -= 1n;
  }
  const seconds = rest / unitsPerSecond;
  const sub = rest % unitsPerSecond;
  const secondsOfDay = Number(seconds);
  const clock = `${pad(Math.floor(secondsOfDay / 3600), 2)}:${pad(Math.floor(secondsOfDay / 60) % 60, 2)}:${pad(secondsOfDay % 60, 2)}`;
  return `${dayText(Number(days))} ${clock}${fraction(sub, unitsPerSecond, precision)}`;
}

/** 'HH:MM:SS.ffffff' for microseconds since midnight. */
export function formatTime(micros: bigint): string {
  return formatTimestamp(micros, 1_000_000n, 6).slice(11);
}
