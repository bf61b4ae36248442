/**
 * The dashboard over a lakehouse the real pipeline filled: every data endpoint answers Arrow IPC
 * whose rows, decoded with apache-arrow, equal the gold rows read independently (decimals as exact
 * text, timestamps in microseconds); a new commit reaches an open event stream; an empty lakehouse
 * answers "waiting" instead of failing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Table, tableFromIPC } from 'apache-arrow';
import { loadConfig } from '../../../layers/config/index.js';
import { openDuckDB } from '../../../layers/engine/index.js';
import { openTableStore, pipelineTables } from '../../../layers/pipeline/index.js';
import { type Dashboard, startConfiguredDashboard, WAITING_HEADER } from '../../../local/dashboard/index.js';
import { CAPTURE, createReplayLakehouse, type ReplayLakehouse } from '../../helpers/replayLakehouse.js';

/** Rows of an Arrow table with timestamps as exact microseconds (bigint) and other values as decoded. */
function exactRows(table: Table): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (const field of table.schema.fields) {
      const column = table.getChild(field.name);
      assert.ok(column);
      const isTimestamp = String(field.type).startsWith('Timestamp<MICROSECOND');
      if (isTimestamp) {
        const raw = column.data[0]?.values[i] as bigint;
        row[field.name] = column.isValid(i) ? raw : null;
      } else {
        row[field.name] = column.get(i);
      }
    }
    rows.push(row);
  }
  return rows;
}

async function arrowOf(url: string): Promise<{ table: Table; waiting: string | null; type: string | null }> {
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url}: ${response.status}`);
  return {
    table: tableFromIPC(new Uint8Array(await response.arrayBuffer())),
    waiting: response.headers.get(WAITING_HEADER),
    type: response.headers.get('content-type'),
  };
}

/** Reads gold through the pipeline's own table store into a plain DuckDB (not the engine the dashboard uses). */
async function goldRows(lakehouse: ReplayLakehouse, sql: string): Promise<Record<string, unknown>[]> {
  const duckdb = await openDuckDB();
  const conn = await duckdb.connect();
  const store = await openTableStore(lakehouse.config);
  try {
    for (const def of pipelineTables.filter((t) => t.namespace === 'gold'))
      await store.scan(conn, def, `g_${def.name}`);
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjects().map((row) => ({ ...row }));
  } finally {
    await store.close();
    conn.closeSync();
    duckdb.closeSync();
  }
}

/** Collects SSE events of a stream until `until` says stop. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  until: (events: { event: string; data: unknown }[]) => boolean,
): Promise<{ event: string; data: unknown }[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: unknown }[] = [];
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return events;
}

describe('dashboard over an empty lakehouse', () => {
  let lakehouse: ReplayLakehouse;
  let dashboard: Dashboard;
  before(async () => {
    lakehouse = await createReplayLakehouse();
    dashboard = await startConfiguredDashboard(loadConfig({ LAKEHOUSE_HOME: lakehouse.home, DASHBOARD_PORT: '0' }), []);
  });
  after(async () => {
    await dashboard?.close();
    await lakehouse?.close();
  });

  it('answers every data endpoint with an empty Arrow stream naming the tables it waits for', async () => {
    const prices = await arrowOf(`${dashboard.url}/api/market/prices`);
    assert.equal(prices.type, 'application/vnd.apache.arrow.stream');
    assert.equal(prices.table.numRows, 0);
    assert.equal(prices.waiting, 'gold.latest_prices');
    const candles = await arrowOf(`${dashboard.url}/api/market/candles?interval=1m&product=BTC-USD`);
    assert.equal(candles.waiting, 'gold.ohlcv_1m');
    assert.equal((await arrowOf(`${dashboard.url}/api/health/tables`)).table.numRows, 0);
    assert.equal((await arrowOf(`${dashboard.url}/api/health/quality`)).waiting, 'ops.quality_results');
  });

  it('serves both pages and the chart libraries from this machine', async () => {
    for (const [path, pattern] of [
      ['/', /Market Overview/],
      ['/health', /Pipeline Health/],
      ['/vendor/lightweight-charts.js', /Lightweight Charts/],
      ['/vendor/uplot.js', /uPlot/],
      ['/vendor/arrow.js', /Apache Software Foundation/],
    ] as const) {
      const response = await fetch(`${dashboard.url}${path}`);
      assert.equal(response.status, 200, path);
      assert.match(await response.text(), pattern, path);
    }
  });

  it('rejects a bad request with the parameter it lacks', async () => {
    const response = await fetch(`${dashboard.url}/api/market/candles?interval=5m&product=BTC-USD`);
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /interval=5m: expected one of 1m, 1h/);
    const missing = await fetch(`${dashboard.url}/api/market/daily`);
    assert.equal(missing.status, 400);
  });
});

describe('dashboard over a lakehouse with gold built by the pipeline', () => {
  let lakehouse: ReplayLakehouse;
  let dashboard: Dashboard;
  before(async () => {
    lakehouse = await createReplayLakehouse();
    await lakehouse.replay(CAPTURE);
    dashboard = await startConfiguredDashboard(
      loadConfig({ LAKEHOUSE_HOME: lakehouse.home, DASHBOARD_PORT: '0', DASHBOARD_POLL_MS: '60000' }),
      [],
    );
  });
  after(async () => {
    await dashboard?.close();
    await lakehouse?.close();
  });

  it('sends gold.latest_prices as Arrow equal to the gold rows, decimals exact', async () => {
    const { table, waiting } = await arrowOf(`${dashboard.url}/api/market/prices`);
    assert.equal(waiting, null);
    assert.equal(
      table.schema.fields.find((f) => f.name === 'last_price')?.metadata.get('lakehouse.sql_type'),
      'DECIMAL(38,10)',
    );
    const expected = await goldRows(
      lakehouse,
      `SELECT product_id, last_price::VARCHAR AS last_price, epoch_us(last_time) AS last_time, change_24h::VARCHAR AS change_24h,
         change_24h_pct, volume_24h::VARCHAR AS volume_24h, trade_count_24h FROM g_latest_prices ORDER BY product_id`,
    );
    assert.ok(expected.length >= 2);
    assert.deepEqual(
      exactRows(table).map((r) => ({
        product_id: r.product_id,
        last_price: r.last_price,
        last_time: r.last_time,
        change_24h: r.change_24h,
        change_24h_pct: r.change_24h_pct,
        volume_24h: r.volume_24h,
        trade_count_24h: r.trade_count_24h,
      })),
      expected,
    );
  });

  it('sends the 1-minute and 1-hour candles of a product as Arrow equal to gold', async () => {
    for (const [interval, model] of [
      ['1m', 'g_ohlcv_1m'],
      ['1h', 'g_ohlcv_1h'],
    ] as const) {
      const { table } = await arrowOf(`${dashboard.url}/api/market/candles?interval=${interval}&product=SKL-USD`);
      const expected = await goldRows(
        lakehouse,
        `SELECT epoch_us(bucket_start) AS bucket_start, open::VARCHAR AS open, high::VARCHAR AS high, low::VARCHAR AS low,
           close::VARCHAR AS close, volume::VARCHAR AS volume, trade_count
         FROM ${model} WHERE product_id = 'SKL-USD' ORDER BY bucket_start`,
      );
      assert.ok(expected.length > 0, interval);
      assert.deepEqual(exactRows(table), expected, interval);
    }
  });

  it('sends daily metrics (VWAP, realised volatility, max drawdown) equal to gold.daily_metrics', async () => {
    const { table } = await arrowOf(`${dashboard.url}/api/market/daily?product=DASH-BTC`);
    const expected = await goldRows(
      lakehouse,
      `SELECT epoch_us(day) AS day, vwap::VARCHAR AS vwap, realized_volatility, max_drawdown
       FROM g_daily_metrics WHERE product_id = 'DASH-BTC' ORDER BY day DESC`,
    );
    assert.ok(expected.length > 0);
    assert.deepEqual(
      exactRows(table).map((r) => ({
        day: r.day,
        vwap: r.vwap,
        realized_volatility: r.realized_volatility,
        max_drawdown: r.max_drawdown,
      })),
      expected,
    );
  });

  it('binds the product as a parameter: a quote in it is just an unknown product', async () => {
    const { table } = await arrowOf(
      `${dashboard.url}/api/market/candles?interval=1m&product=${encodeURIComponent("SKL-USD' OR '1'='1")}`,
    );
    assert.equal(table.numRows, 0);
  });

  it('lists every pipeline table with its snapshots, data files and last commit', async () => {
    const { table } = await arrowOf(`${dashboard.url}/api/health/tables`);
    const rows = exactRows(table);
    const names = rows.map((r) => r.table_name);
    for (const name of ['bronze.coinbase_events', 'silver.trades', 'gold.ohlcv_1m', 'gold.latest_prices']) {
      assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    }
    const bronze = rows.find((r) => r.table_name === 'bronze.coinbase_events');
    assert.equal(bronze?.records, 217n);
    assert.ok(Number(bronze?.snapshots) >= 1);
    assert.ok(Number(bronze?.data_files) >= 1);
    assert.equal(typeof bronze?.last_commit, 'bigint');
  });

  it('pushes a commit event to an open stream after new trades are committed, and serves their rejects', async () => {
    const response = await fetch(`${dashboard.url}/api/events`);
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    assert.ok(response.body);
    const file = await lakehouse.generatedFeed(7, 1_618_700_000_000_000n);
    await lakehouse.replay(file);
    const received = readEvents(response.body, (events) =>
      events.some(
        (e) => e.event === 'commit' && (e.data as { tables: string[] }).tables.includes('gold.latest_prices'),
      ),
    );
    await dashboard.poll();
    const events = await received;
    const commit = events.find((e) => e.event === 'commit');
    assert.ok(commit, JSON.stringify(events));
    const tables = (commit.data as { tables: string[] }).tables;
    for (const name of ['bronze.coinbase_events', 'silver.trades', 'gold.ohlcv_1m', 'gold.latest_prices']) {
      assert.ok(tables.includes(name), `${name} in ${tables.join(', ')}`);
    }
    const rejected = await arrowOf(`${dashboard.url}/api/health/rejected`);
    assert.ok(rejected.table.numRows > 0, 'the generated feed carries malformed frames');
    const total = exactRows(rejected.table).reduce((sum, r) => sum + (r.trades as bigint), 0n);
    assert.ok(total > 0n);
  });
});
