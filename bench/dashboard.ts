/**
 * Dashboard figures: bytes of one refresh of the 1-minute candle chart (24 h of candles for one
 * product) as the Arrow IPC stream the dashboard sends beside the same rows as JSON (decimals as exact
 * strings, as the gateway's JSON keeps them), raw and gzipped, with p50 of the endpoint's latency; and
 * the time from opening Market Overview in headless Chromium to prices and candles drawn from data
 * (skipped, with the reason, when /usr/bin/chromium is missing: scripts/setup/chromium.sh).
 *
 *   npm run build && node dist/bench/dashboard.js [--runs 50]
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { loadConfig } from '../layers/config/index.js';
import { valueToJson } from '../layers/engine/index.js';
import { startConfiguredDashboard, startDashboard } from '../local/dashboard/index.js';
import { candlesQuery } from '../local/dashboard/marketQueries.js';
import { queryColumns } from '../local/dashboard/queryColumns.js';
import { CHROMIUM, launchBrowser } from '../tests/helpers/browser.js';
import { CAPTURE, createReplayLakehouse } from '../tests/helpers/replayLakehouse.js';
import { createLakehouseFixture } from '../tests/integration/gateway/helpers/lakehouseFixture.js';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg === -1 ? 50 : Number(process.argv[runsArg + 1]);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function candleBytes(): Promise<void> {
  const fixture = await createLakehouseFixture();
  const dashboard = await startDashboard({
    engine: fixture.lakehouse.engine,
    catalog: fixture.lakehouse.catalog,
    port: 0,
    pollMs: 60_000,
  });
  try {
    const url = `${dashboard.url}/api/market/candles?interval=1m&product=BTC-USD`;
    const arrow = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const columns = await queryColumns(fixture.lakehouse.engine, candlesQuery('1m', 'BTC-USD'));
    const rows = (columns[0]?.values ?? []).map((_, i) =>
      Object.fromEntries(columns.map((c) => [c.name, valueToJson(c.values[i] ?? null, c.type)])),
    );
    const json = Buffer.from(JSON.stringify(rows));
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await (await fetch(url)).arrayBuffer();
      times.push(performance.now() - started);
    }
    console.log(`candle refresh, ${rows.length} 1-minute candles (24 h, one product):`);
    console.log(`  Arrow IPC  ${kib(arrow.length)} raw, ${kib(gzipSync(arrow).length)} gzipped`);
    console.log(`  JSON       ${kib(json.length)} raw, ${kib(gzipSync(json).length)} gzipped`);
    console.log(
      `  Arrow/JSON ${(arrow.length / json.length).toFixed(2)} raw, ${(gzipSync(arrow).length / gzipSync(json).length).toFixed(2)} gzipped`,
    );
    console.log(`  endpoint p50 ${median(times).toFixed(1)} ms over ${RUNS} requests`);
  } finally {
    await dashboard.close();
    await fixture.close();
  }
}

async function timeToData(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`page open to live data: skipped (${CHROMIUM} is missing: bash scripts/setup/chromium.sh)`);
    return;
  }
  const lakehouse = await createReplayLakehouse();
  await lakehouse.replay(CAPTURE);
  const dashboard = await startConfiguredDashboard(
    loadConfig({ LAKEHOUSE_HOME: lakehouse.home, DASHBOARD_PORT: '0' }),
    [],
  );
  const browser = await launchBrowser();
  try {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const page = await browser.page();
      const started = performance.now();
      await page.goto(`${dashboard.url}/`);
      await page.locator('#prices .tile .price').first().waitFor({ state: 'visible' });
      await page.waitForFunction("Number(document.getElementById('chart-1m').dataset.points ?? 0) > 0");
      times.push(performance.now() - started);
      await page.close();
    }
    console.log(`page open to prices and candles drawn: p50 ${median(times).toFixed(0)} ms over ${times.length} loads`);
  } finally {
    await browser.close();
    await dashboard.close();
    await lakehouse.close();
  }
}

await candleBytes();
await timeToData();
