// Shared by both pages: Arrow fetches, number formatting and the live event stream.
/* global Arrow */

/** The rows of an Arrow IPC endpoint, and which tables it is waiting for (empty when it has data). */
export async function fetchArrow(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  const waiting = response.headers.get('x-lakehouse-waiting');
  const table = Arrow.tableFromIPC(new Uint8Array(await response.arrayBuffer()));
  return { rows: table.toArray().map((row) => row.toJSON()), waiting: waiting ? waiting.split(',') : [] };
}

/** Decimal text stays exact here; only the displayed digits are chosen. */
export function formatDecimal(text, digits = 2) {
  if (text === null || text === undefined) return '–';
  const [whole, fraction = ''] = String(text).split('.');
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  return digits > 0 ? `${Number(whole).toLocaleString('en-US')}.${kept}` : Number(whole).toLocaleString('en-US');
}

/** Digits to show for a price: more for small prices (DOGE) than for large ones (BTC). */
export function priceDigits(text) {
  const value = Math.abs(Number(text));
  if (value >= 1000) return 2;
  if (value >= 1) return 4;
  return 6;
}

export function formatNumber(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatTime(ms) {
  if (ms === null || ms === undefined) return '–';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function formatAge(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}

export function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

export function fillTable(tbody, rows) {
  tbody.replaceChildren(
    ...rows.map((cells) => {
      const tr = document.createElement('tr');
      tr.append(...cells);
      return tr;
    }),
  );
}

/** Calls `onCommit(tables)` on each commit event and `onMetrics(sample)` on each metrics event. */
export function listen({ onCommit, onMetrics }) {
  const badge = document.getElementById('live');
  const events = new EventSource('/api/events');
  events.onopen = () => {
    badge.textContent = 'live';
    badge.classList.add('on');
  };
  events.onerror = () => {
    badge.textContent = 'reconnecting…';
    badge.classList.remove('on');
  };
  events.addEventListener('commit', (event) => onCommit?.(JSON.parse(event.data).tables));
  events.addEventListener('metrics', (event) => onMetrics?.(JSON.parse(event.data)));
  return events;
}
