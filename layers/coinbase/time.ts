/**
 * Coinbase timestamps to epoch MICROseconds (bigint: exact for any year). Handles RFC 3339 with 0-9
 * fractional digits (extra digits beyond 6 are truncated), the Exchange placeholder
 * `0001-01-01T00:00:00.000000Z` (reported, not a real time), and Go's format used by Advanced Trade
 * heartbeats (`2026-08-09 21:05:48.854840045 +0000 UTC m=+41691.26`).
 */

export type TimeResult = { ok: true; micros: bigint } | { ok: false; reason: string };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;
const GO_TIME =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-]\d{2})(\d{2}) [A-Z]{3,5}(?: m=[+-][\d.]+)?$/;

const FOUR_CENTURIES_MS = 146_097 * 86_400_000;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function toMicros(parts: string[], offsetMinutes: number): TimeResult {
  const [year, month, day, hour, minute, second] = parts.slice(0, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = parts[6] ?? '';
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, reason: 'time field out of range' };
  }
  const daysInMonth = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  if (day < 1 || day > daysInMonth) return { ok: false, reason: 'no such calendar day' };
  // Date.UTC maps years 0-99 to 1900-1999: shift such years by 400 (same calendar) and back.
  const shift = year < 100 ? 400 : 0;
  const millis = Date.UTC(year + shift, month - 1, day, hour, minute, second) - (shift ? FOUR_CENTURIES_MS : 0);
  const micros = BigInt(fraction.padEnd(6, '0').slice(0, 6));
  return { ok: true, micros: BigInt(millis) * 1000n + micros - BigInt(offsetMinutes) * 60_000_000n };
}

/** Parses an RFC 3339 timestamp as Coinbase sends it; the zero placeholder is an error with a reason. */
export function parseTimeMicros(text: unknown): TimeResult {
  if (typeof text !== 'string') return { ok: false, reason: 'time missing or not a string' };
  // The Exchange's "no time" placeholder (seen on l2update frames), not a real instant.
  if (text.startsWith('0001-01-01T00:00:00')) return { ok: false, reason: `placeholder time ${text}` };
  const match = RFC3339.exec(text);
  if (!match) return { ok: false, reason: `unparseable time ${JSON.stringify(text.slice(0, 64))}` };
  const zone = match[8] as string;
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  }
  return toMicros(match.slice(1, 8) as string[], offsetMinutes);
}

/** Parses Go's time.String() output (Advanced Trade heartbeats' current_time). */
export function parseGoTimeMicros(text: unknown): TimeResult {
  if (typeof text !== 'string') return { ok: false, reason: 'time missing or not a string' };
  const match = GO_TIME.exec(text);
  if (!match) return { ok: false, reason: `unparseable Go time ${JSON.stringify(text.slice(0, 64))}` };
  const zoneHours = match[8] as string;
  const sign = zoneHours.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Math.abs(Number(zoneHours)) * 60 + Number(match[9]));
  return toMicros(match.slice(1, 8) as string[], offsetMinutes);
}

/** Formats epoch micros as RFC 3339 UTC with exactly 6 fractional digits (the Exchange feed's format). */
export function formatTimeMicros(micros: bigint): string {
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const fraction = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const iso = new Date(Number(millis)).toISOString();
  return `${iso.slice(0, 19)}.${String(fraction).padStart(6, '0')}Z`;
}

/** Current wall-clock time in epoch microseconds (sub-millisecond from the monotonic clock). */
export function nowMicros(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}
