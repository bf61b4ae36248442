// Pipeline Health: the feed's and the pipeline's live figures, frames per second, and per table its metadata.
/* global uPlot */
import { cell, fetchArrow, fillTable, formatAge, formatNumber, formatTime, listen } from './common.js';

/** Longest part of a failed expectation's observed value shown in its row. */
const OBSERVED_CHARS = 160;

const FEED = [
  ['websocketConnected', 'WebSocket', (v) => (v === null ? 'not running' : v === 1 ? 'connected' : 'disconnected')],
  ['reconnects', 'reconnects', (v) => formatNumber(v, 0)],
  ['framesReceivedPerSecond', 'frames received /s', (v) => formatNumber(v, 1)],
  ['framesProducedPerSecond', 'frames produced /s', (v) => formatNumber(v, 1)],
  ['receiptLatencyP50Seconds', 'receipt latency p50', (v) => (v === null ? '–' : `${formatNumber(v * 1000, 0)} ms`)],
  ['receiptLatencyP95Seconds', 'receipt latency p95', (v) => (v === null ? '–' : `${formatNumber(v * 1000, 0)} ms`)],
  ['brokerRecordsInPerSecond', 'broker records in /s', (v) => formatNumber(v, 1)],
  ['brokerRecordsOutPerSecond', 'broker records out /s', (v) => formatNumber(v, 1)],
  ['produceErrors', 'produce errors', (v) => formatNumber(v, 0)],
  ['framesDropped', 'frames dropped', (v) => formatNumber(v, 0)],
  ['parseErrors', 'parse errors', (v) => formatNumber(v, 0)],
];

/** The functions' and the Kafka triggers' figures: [tile key, label, value of the sample]. */
const PIPELINE = [
  ['commitsPerSecond', 'commits /s', (s) => formatNumber(s.commitsPerSecond ?? null, 1)],
  ['functionErrors', 'function errors', (s) => formatNumber(s.functionErrors ?? null, 0)],
  ['deadLetteredBatches', 'dead-lettered batches', (s) => formatNumber(s.deadLetteredBatches ?? null, 0)],
  ['freshnessBronze', 'freshness bronze', (s) => formatAge(s.freshnessSeconds?.bronze)],
  ['freshnessSilver', 'freshness silver', (s) => formatAge(s.freshnessSeconds?.silver)],
  ['freshnessGold', 'freshness gold', (s) => formatAge(s.freshnessSeconds?.gold)],
];

function showTiles(element, tiles) {
  element.replaceChildren(
    ...tiles.map(([key, label, value]) => {
      const tile = document.createElement('div');
      tile.className = 'tile';
      tile.dataset.metric = key;
      tile.innerHTML = '<div class="label"></div><div class="value"></div>';
      tile.querySelector('.label').textContent = label;
      tile.querySelector('.value').textContent = value;
      return tile;
    }),
  );
}

function showFeed(sample) {
  showTiles(
    document.getElementById('feed'),
    FEED.map(([key, label, format]) => [key, label, sample ? format(sample[key] ?? null) : '–']),
  );
  showTiles(
    document.getElementById('pipeline'),
    PIPELINE.map(([key, label, read]) => [key, label, sample ? read(sample) : '–']),
  );
  const lag = Object.entries(sample?.kafkaLag ?? {}).sort(([a], [b]) => a.localeCompare(b));
  document.getElementById('lag-none').hidden = lag.length > 0;
  fillTable(
    document.querySelector('#lag tbody'),
    lag.map(([name, records]) => [cell(name, 'text'), cell(formatNumber(records, 0))]),
  );
}

const seriesElement = document.getElementById('series');
const plot = new uPlot(
  {
    width: seriesElement.clientWidth,
    height: 220,
    series: [{}, { label: 'received /s', stroke: '#26a69a' }, { label: 'produced /s', stroke: '#42a5f5' }],
    axes: [{ stroke: '#8a96a3' }, { stroke: '#8a96a3' }],
  },
  [[], [], []],
  seriesElement,
);
new ResizeObserver(() => plot.setSize({ width: seriesElement.clientWidth, height: 220 })).observe(seriesElement);

async function loadSeries() {
  const { rows } = await fetchArrow('/api/health/series');
  plot.setData([
    rows.map((r) => r.at),
    rows.map((r) => r.framesReceivedPerSecond),
    rows.map((r) => r.framesProducedPerSecond),
  ]);
  seriesElement.dataset.points = String(rows.length);
  const measured = rows.some((r) => r.framesReceivedPerSecond !== null || r.framesProducedPerSecond !== null);
  document.getElementById('series-none').hidden = measured;
}

async function loadTables() {
  const { rows } = await fetchArrow('/api/health/tables');
  document.getElementById('tables-waiting').hidden = rows.length > 0;
  const now = Date.now();
  fillTable(
    document.querySelector('#tables tbody'),
    rows.map((row) => [
      cell(row.table_name),
      cell(formatTime(row.last_commit)),
      cell(row.last_commit === null ? '–' : formatAge((now - row.last_commit) / 1000)),
      cell(String(row.snapshots)),
      cell(row.data_files === null ? '–' : String(row.data_files)),
      cell(row.records === null ? '–' : String(row.records)),
    ]),
  );
}

async function loadRejected() {
  const { rows, waiting } = await fetchArrow('/api/health/rejected');
  document.getElementById('rejected-waiting').hidden = waiting.length === 0;
  fillTable(
    document.querySelector('#rejected tbody'),
    rows.map((row) => [cell(row.reason, 'text'), cell(String(row.trades)), cell(formatTime(row.last_received))]),
  );
}

async function loadQuality() {
  const { rows, waiting } = await fetchArrow('/api/health/quality');
  document.getElementById('quality-waiting').hidden = waiting.length === 0 && rows.length > 0;
  fillTable(
    document.querySelector('#quality tbody'),
    rows.map((row) => [
      cell(formatTime(row.evaluated_at)),
      cell(row.table_name),
      cell(row.expectation, 'text'),
      cell(row.severity),
      cell(
        row.passed ? 'passed' : row.observed === null ? 'failed' : `failed: ${row.observed.slice(0, OBSERVED_CHARS)}`,
        `text ${row.passed ? 'up' : 'down'}`,
      ),
    ]),
  );
}

// Events arrive every poll: loads wait behind the running ones, each at most once.
let running = Promise.resolve();
let pending;
function refresh(parts) {
  if (pending) {
    for (const load of parts) pending.add(load);
    return;
  }
  pending = new Set(parts);
  running = running.then(() => {
    const loads = [...pending];
    pending = undefined;
    return Promise.all(loads.map((load) => load())).catch((error) => console.warn(`refresh failed: ${error.message}`));
  });
}

showFeed(undefined);
refresh([loadSeries, loadTables, loadRejected, loadQuality]);
listen({
  onCommit: (tables) => {
    const parts = [loadTables];
    if (tables.includes('silver.trades_rejected')) parts.push(loadRejected);
    if (tables.includes('ops.quality_results')) parts.push(loadQuality);
    refresh(parts);
  },
  onMetrics: (sample) => {
    showFeed(sample);
    refresh([loadSeries]);
  },
});
