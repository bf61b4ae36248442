/**
 * Both dashboard pages in headless Chromium: against the demo stack (`serverless offline start` with
 * LAKEHOUSE_DEMO=1: simulator, producer, broker, triggers, functions, dashboard) the prices and candles
 * render from live gold data and change without a reload, and Pipeline Health shows the feed and the
 * tables; against an empty lakehouse the pages say they are waiting for data. Any console error fails.
 * Screenshots land in tests/e2e/screenshots/.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../../layers/config/index.js';
import { type Dashboard, startConfiguredDashboard } from '../../../local/dashboard/index.js';
import { type BrowserSession, launchBrowser } from '../../helpers/browser.js';
import { startOffline, stopOffline } from '../../helpers/offline.js';
import { waitFor } from '../../helpers/ports.js';

const LIVE_TIMEOUT_MS = 90_000;

describe('dashboard in a browser over an empty lakehouse', () => {
  let home: string;
  let dashboard: Dashboard;
  let browser: BrowserSession;
  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'e2e-empty-'));
    dashboard = await startConfiguredDashboard(loadConfig({ LAKEHOUSE_HOME: home, DASHBOARD_PORT: '0' }), []);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await dashboard?.close();
    await rm(home, { recursive: true, force: true });
  });

  it('shows "waiting for data" on Market Overview instead of blank charts', async () => {
    const page = await browser.page();
    await page.goto(`${dashboard.url}/`);
    await page.locator('#waiting').waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await page.locator('#waiting h2').textContent()) ?? '', /Waiting for data/);
    assert.match((await page.locator('#waiting-tables').textContent()) ?? '', /gold\.latest_prices/);
    assert.equal(await page.locator('#market').isVisible(), false);
    await browser.screenshot(page, 'market-waiting');
  });

  it('says on Pipeline Health that no table exists yet', async () => {
    const page = await browser.page();
    await page.goto(`${dashboard.url}/health`);
    await page.locator('#tables-waiting').waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await page.locator('#tables tbody tr').count(), 0);
    await browser.screenshot(page, 'health-waiting');
    assert.deepEqual(browser.errors, []);
  });
});

describe('dashboard in a browser over the demo stack', () => {
  let home: string;
  let child: ChildProcess;
  let url: string;
  let metricsUrl: string;
  let browser: BrowserSession;
  let output = '';
  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'e2e-demo-'));
    const started = await startOffline(home, { TZ: 'UTC', LAKEHOUSE_DEMO: '1' }, ['ignore', 'pipe', 'pipe']);
    child = started.child;
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    url = `http://127.0.0.1:${started.ports.DASHBOARD_PORT}`;
    metricsUrl = `http://127.0.0.1:${started.ports.METRICS_PORT}/metrics`;
    await waitFor(`the dashboard at ${url}`, 60_000, async () => (await fetch(`${url}/api/status`)).ok).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\n${output}`);
      },
    );
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    if (child) await stopOffline(child);
    await rm(home, { recursive: true, force: true });
  });

  it('renders prices and 1-minute candles from live data, and updates them without a reload', async () => {
    assert.match(output, new RegExp(`web dashboard\\s+${url.replace(/[.]/g, '\\.')}`));
    const page = await browser.page();
    await page.goto(`${url}/`);
    await page.locator('#prices .tile .price').first().waitFor({ state: 'visible', timeout: LIVE_TIMEOUT_MS });
    await page.waitForFunction("Number(document.getElementById('chart-1m').dataset.points ?? 0) > 0", null, {
      timeout: LIVE_TIMEOUT_MS,
    });
    assert.ok((await page.locator('#chart-1m canvas').count()) > 0, 'the candle chart draws on a canvas');
    const price = (await page.locator('#prices .tile .price').first().textContent()) ?? '';
    assert.match(price, /^[\d,]+\.\d+$/);
    await page.evaluate('window.notReloaded = true');
    const before = (await page.locator('#prices').textContent()) ?? '';
    await page.waitForFunction(`document.getElementById('prices').textContent !== ${JSON.stringify(before)}`, null, {
      timeout: LIVE_TIMEOUT_MS,
    });
    assert.equal(await page.evaluate('window.notReloaded'), true, 'the page changed without a reload');
    assert.equal(await page.locator('#waiting').isVisible(), false);
    await browser.screenshot(page, 'market-overview');
  });

  it('shows the feed connected, frames per second and every pipeline table on Pipeline Health', async () => {
    const page = await browser.page();
    await page.goto(`${url}/health`);
    const websocket = page.locator('[data-metric="websocketConnected"] .value');
    const live = { timeout: LIVE_TIMEOUT_MS };
    const metric = (key: string) => `document.querySelector('[data-metric="${key}"] .value').textContent`;
    await page.waitForFunction(`${metric('websocketConnected')} === 'connected'`, null, live);
    assert.equal((await websocket.textContent()) ?? '', 'connected');
    // Counters become rates between two samples: frames keep arriving, so the rate leaves zero.
    await page.waitForFunction(`Number(${metric('framesReceivedPerSecond')}.replace(/,/g, '')) > 0`, null, live);
    await page.waitForFunction(`Number(${metric('framesProducedPerSecond')}.replace(/,/g, '')) > 0`, null, live);
    await page.waitForFunction("Number(document.getElementById('series').dataset.points ?? 0) > 2", null, live);
    await page.waitForFunction("document.querySelectorAll('#tables tbody tr').length >= 7", null, live);
    const tables = (await page.locator('#tables tbody').textContent()) ?? '';
    for (const name of ['bronze.coinbase_events', 'silver.trades', 'gold.ohlcv_1m', 'gold.latest_prices']) {
      assert.ok(tables.includes(name), `${name} in\n${tables}`);
    }
    assert.ok((await page.locator('#series canvas').count()) > 0, 'the series chart draws on a canvas');
    // The functions run in-process: their metrics and the triggers' reach the page.
    await page.waitForFunction("document.querySelectorAll('#lag tbody tr').length >= 1", null, live);
    assert.match((await page.locator('#lag tbody').textContent()) ?? '', /bronzeWriter/);
    for (const layer of ['Bronze', 'Silver', 'Gold']) {
      await page.waitForFunction(`${metric(`freshness${layer}`)} !== '–'`, null, live);
    }
    for (const key of ['functionErrors', 'deadLetteredBatches', 'commitsPerSecond']) {
      assert.match((await page.locator(`[data-metric="${key}"] .value`).textContent()) ?? '', /^\d/, key);
    }
    await browser.screenshot(page, 'pipeline-health');
    assert.deepEqual(browser.errors, []);
  });

  it("serves the producer's, broker's, functions' and triggers' metrics on one /metrics endpoint", async () => {
    const text = await (await fetch(metricsUrl)).text();
    for (const sample of [
      /^coinbase_messages_received_total\{/m,
      /^broker_records_in_total\{topic="coinbase.raw"\} [1-9]/m,
      /^lakehouse_function_invocations_total\{function="bronzeWriter"\} [1-9]/m,
      /^lakehouse_trigger_batches_invoked_total\{function="[^"]*bronzeWriter"\} [1-9]/m,
      /^lakehouse_table_commit_duration_seconds_count\{table="bronze.coinbase_events"\} [1-9]/m,
    ]) {
      assert.match(text, sample);
    }
  });
});
