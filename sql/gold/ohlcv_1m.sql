-- One candle per product and minute of exchange time, built the way Coinbase builds its own:
-- open is the trade with the lowest trade_id in the bucket, close the one with the highest.
with trades as (
  select product_id, trade_id, price, size, taker_side, date_trunc('minute', exchange_time) as bucket_start
  from {{ source('silver', 'trades') }}
),

candles as (
  select
    product_id,
    bucket_start,
    arg_min(price, trade_id) as open,
    max(price) as high,
    min(price) as low,
    arg_max(price, trade_id) as close,
    sum(size) as volume,
    sum(price * size) as quote_volume,
    count(*) as trade_count,
    min(trade_id) as first_trade_id,
    max(trade_id) as last_trade_id,
    coalesce(sum(size) filter (where taker_side = 'buy'), 0) as buy_volume,
    coalesce(sum(size) filter (where taker_side = 'sell'), 0) as sell_volume
  from trades
  group by product_id, bucket_start
)

select *, exact_vwap(quote_volume, volume) as vwap
from candles
