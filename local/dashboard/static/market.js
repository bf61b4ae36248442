// Market Overview: latest prices per product, 1-minute and 1-hour candles with volume, daily metrics.
/* global LightweightCharts */
import { cell, fetchArrow, fillTable, formatDecimal, formatNumber, formatTime, listen, priceDigits } from './common.js';

const GOLD = ['gold.latest_prices', 'gold.ohlcv_1m', 'gold.ohlcv_1h', 'gold.daily_metrics'];
let selected = new URLSearchParams(location.search).get('product');

function candleChart(container) {
  const chart = LightweightCharts.createChart(container, {
    autoSize: true,
    layout: { background: { color: '#171d24' }, textColor: '#d8dee6' },
    grid: { vertLines: { color: '#222a33' }, horzLines: { color: '#222a33' } },
    timeScale: { timeVisible: true, secondsVisible: false },
    handleScroll: true,
    handleScale: true,
  });
  const candles = chart.addSeries(LightweightCharts.CandlestickSeries, {
    upColor: '#26a69a',
    downColor: '#ef5350',
    borderVisible: false,
    wickUpColor: '#26a69a',
    wickDownColor: '#ef5350',
  });
  const volume = chart.addSeries(LightweightCharts.HistogramSeries, {
    priceScaleId: 'volume',
    priceFormat: { type: 'volume' },
  });
  chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  candles.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
  return { chart, candles, volume, fitted: false };
}

const charts = {
  '1m': candleChart(document.getElementById('chart-1m')),
  '1h': candleChart(document.getElementById('chart-1h')),
};

function showWaiting(tables) {
  document.getElementById('waiting').hidden = false;
  document.getElementById('market').hidden = true;
  document.getElementById('waiting-tables').textContent = tables.join(', ');
}

async function loadPrices() {
  const { rows, waiting } = await fetchArrow('/api/market/prices');
  if (rows.length === 0) {
    showWaiting(waiting.length > 0 ? waiting : ['gold.latest_prices']);
    return false;
  }
  document.getElementById('waiting').hidden = true;
  document.getElementById('market').hidden = false;
  if (!selected || !rows.some((row) => row.product_id === selected)) selected = rows[0].product_id;
  const tiles = rows.map((row) => {
    const tile = document.createElement('div');
    tile.className = `tile${row.product_id === selected ? ' selected' : ''}`;
    tile.dataset.product = row.product_id;
    const direction = String(row.change_24h).startsWith('-') ? 'down' : 'up';
    const digits = priceDigits(row.last_price);
    tile.innerHTML =
      '<div class="label"></div><div class="value price"></div><div class="change"></div><div class="label time"></div>';
    tile.querySelector('.label').textContent = row.product_id;
    tile.querySelector('.price').textContent = formatDecimal(row.last_price, digits);
    const change = tile.querySelector('.change');
    change.className = `change ${direction}`;
    change.textContent = `${direction === 'up' ? '+' : ''}${formatDecimal(row.change_24h, digits)} (${formatNumber(row.change_24h_pct)} %) 24 h`;
    tile.querySelector('.time').textContent = formatTime(row.last_time);
    tile.addEventListener('click', () => {
      selected = row.product_id;
      charts['1m'].fitted = false;
      charts['1h'].fitted = false;
      history.replaceState(null, '', `?product=${encodeURIComponent(selected)}`);
      refresh(GOLD);
    });
    return tile;
  });
  document.getElementById('prices').replaceChildren(...tiles);
  return true;
}

async function loadCandles(interval) {
  const { rows } = await fetchArrow(`/api/market/candles?interval=${interval}&product=${encodeURIComponent(selected)}`);
  const view = charts[interval];
  const digits = rows.length > 0 ? priceDigits(rows[rows.length - 1].close) : 2;
  view.candles.applyOptions({ priceFormat: { type: 'price', precision: digits, minMove: 10 ** -digits } });
  view.candles.setData(
    rows.map((row) => ({
      time: row.bucket_start / 1000,
      open: Number(row.open),
      high: Number(row.high),
      low: Number(row.low),
      close: Number(row.close),
    })),
  );
  view.volume.setData(
    rows.map((row) => ({
      time: row.bucket_start / 1000,
      value: Number(row.volume),
      color: Number(row.close) >= Number(row.open) ? 'rgba(38,166,154,0.5)' : 'rgba(239,83,80,0.5)',
    })),
  );
  if (!view.fitted && rows.length > 0) {
    view.chart.timeScale().fitContent();
    view.fitted = true;
  }
  document.getElementById(`product-${interval}`).textContent = `${selected} (${rows.length} candles)`;
  document.getElementById(`chart-${interval}`).dataset.points = String(rows.length);
}

async function loadDaily() {
  const { rows } = await fetchArrow(`/api/market/daily?product=${encodeURIComponent(selected)}`);
  document.getElementById('product-daily').textContent = selected;
  fillTable(
    document.querySelector('#daily tbody'),
    rows.map((row) => [
      cell(formatTime(row.day).slice(0, 10)),
      cell(formatDecimal(row.close, priceDigits(row.close))),
      cell(formatDecimal(row.vwap, priceDigits(row.vwap))),
      cell(formatDecimal(row.volume, 4)),
      cell(String(row.trade_count)),
      cell(row.realized_volatility === null ? '–' : `${formatNumber(row.realized_volatility * 100, 3)} %`),
      cell(`${formatNumber(row.max_drawdown * 100, 3)} %`),
    ]),
  );
}

// Commits arrive faster than a slow refresh may finish: at most one refresh waits behind the running one.
let running = Promise.resolve();
let pending;
function refresh(tables) {
  if (pending) {
    for (const table of tables) pending.add(table);
    return running;
  }
  pending = new Set(tables);
  running = running.then(async () => {
    const wanted = [...pending];
    pending = undefined;
    try {
      if (!(await loadPrices())) return;
      if (wanted.includes('gold.ohlcv_1m') || wanted.includes('gold.latest_prices')) await loadCandles('1m');
      if (wanted.includes('gold.ohlcv_1h') || wanted.includes('gold.latest_prices')) await loadCandles('1h');
      if (wanted.includes('gold.daily_metrics') || wanted.includes('gold.latest_prices')) await loadDaily();
    } catch (error) {
      console.warn(`refresh failed: ${error.message}`);
    }
  });
  return running;
}

refresh(GOLD);
listen({ onCommit: (tables) => tables.some((table) => GOLD.includes(table)) && refresh(GOLD) });
