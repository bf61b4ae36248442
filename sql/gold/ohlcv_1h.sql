-- Hourly candles rolled up from the minute candles: the hour's open is the open of its minute with
-- the lowest first_trade_id (= its lowest trade_id), the close that of the highest last_trade_id.
with minutes as (
  select *, date_trunc('hour', bucket_start) as hour_start
  from {{ ref('ohlcv_1m') }}
),

hours as (
  select
    product_id,
    hour_start as bucket_start,
    arg_min(open, first_trade_id) as open,
    max(high) as high,
    min(low) as low,
    arg_max(close, last_trade_id) as close,
    sum(volume) as volume,
    sum(quote_volume) as quote_volume,
    sum(trade_count)::BIGINT as trade_count,
    min(first_trade_id) as first_trade_id,
    max(last_trade_id) as last_trade_id,
    sum(buy_volume) as buy_volume,
    sum(sell_volume) as sell_volume
  from minutes
  group by product_id, hour_start
)

select
  product_id,
  bucket_start,
  open,
  high,
  low,
  close,
  volume,
  quote_volume,
  exact_vwap(quote_volume, volume) as vwap,
  trade_count,
  first_trade_id,
  last_trade_id,
  buy_volume,
  sell_volume
from hours
