-- Per product and UTC day: OHLC and volumes from the minute candles, risk from the minute closes
-- (realised volatility = sample standard deviation of 1-minute log returns; max drawdown = largest
-- peak-to-trough fall of the closes as a fraction of the peak), ingest latency from the trades.
with minutes as (
  select *, date_trunc('day', bucket_start) as day
  from {{ ref('ohlcv_1m') }}
),

closes as (
  select
    product_id,
    day,
    ln(close::DOUBLE / lag(close) over by_minute::DOUBLE) as log_return,
    (max(close) over running_peak - close)::DOUBLE / (max(close) over running_peak)::DOUBLE as drawdown
  from minutes
  window
    by_minute as (partition by product_id, day order by bucket_start),
    running_peak as (partition by product_id, day order by bucket_start rows between unbounded preceding and current row)
),

risk as (
  select product_id, day, stddev_samp(log_return) as realized_volatility, max(drawdown) as max_drawdown
  from closes
  group by product_id, day
),

days as (
  select * rename (bucket_start as day)
  from candle_rollup('{{ ref('ohlcv_1m') }}', 'day')
),

latency as (
  select
    product_id,
    date_trunc('day', exchange_time) as day,
    quantile_disc(ingest_latency_ms, 0.5) as latency_p50_ms,
    quantile_disc(ingest_latency_ms, 0.95) as latency_p95_ms
  from {{ source('silver', 'trades') }}
  group by product_id, day
)

select
  days.product_id,
  days.day,
  days.open,
  days.high,
  days.low,
  days.close,
  days.volume,
  days.quote_volume,
  exact_vwap(days.quote_volume, days.volume) as vwap,
  days.trade_count,
  days.buy_volume,
  days.sell_volume,
  risk.realized_volatility,
  risk.max_drawdown,
  latency.latency_p50_ms,
  latency.latency_p95_ms
from days
join risk using (product_id, day)
join latency using (product_id, day)
