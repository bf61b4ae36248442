/**
 * Date and time text in Trino's forms, computed from DuckDB's integer encodings (days and
 * sub-second units since the epoch) so no precision is lost on the way through a JS Date.
 */

function pad(value: number | bigint, width: number): string {
  return String(value).padStart(width, '0');
}

/** A year as java.time writes it ('uuuu'): four digits, a sign below year 0, '+' beyond 9999. */
function yearText(year: number): string {
  if (year > 9999) return `+${year}`;
  return year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
}

/**
 * 'YYYY-MM-DD' for a day count since 1970-01-01 (proleptic Gregorian, as DuckDB and Trino use), in
 * integer arithmetic over 400-year eras (a JS Date stops at ±275,760 years; DuckDB dates do not).
 */
export function formatDate(days: number): string {
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${yearText(year)}-${pad(month, 2)}-${pad(day, 2)}`;
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

/** 'HH:MM:SS[.fff…]' with `precision` fraction digits, for 1/unitsPerSecond seconds since midnight. */
export function formatTime(value: bigint, unitsPerSecond: bigint, precision: number): string {
  const text = formatTimestamp(value, unitsPerSecond, precision);
  return text.slice(text.indexOf(' ') + 1);
}

/** A zone offset as Trino writes it after a time: '+HH:MM' (Trino offsets are whole minutes). */
export function formatOffset(offsetSeconds: number): string {
  const minutes = Math.trunc(Math.abs(offsetSeconds) / 60);
  return `${offsetSeconds < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}

/** Trino's interval day to second text, 'D HH:MM:SS.mmm' with a leading '-' when negative. */
export function formatIntervalDayTime(millis: bigint): string {
  const sign = millis < 0n ? '-' : '';
  let rest = millis < 0n ? -millis : millis;
  const day = rest / 86_400_000n;
  rest %= 86_400_000n;
  const hour = rest / 3_600_000n;
  rest %= 3_600_000n;
  const minute = rest / 60_000n;
  rest %= 60_000n;
  return `${sign}${day} ${pad(hour, 2)}:${pad(minute, 2)}:${pad(rest / 1000n, 2)}.${pad(rest % 1000n, 3)}`;
}
