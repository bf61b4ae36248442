-- Per product: the latest trade (highest trade_id) and a true rolling window ending at it, so a
-- replay of history gives the answer the live run gave. Each window holds the trades with
-- last_time - window < exchange_time <= last_time; "open" and the changes start at its first trade.
with trades as (
  select product_id, trade_id, price, size, exchange_time
  from {{ source('silver', 'trades') }}
),

latest as (
  select
    product_id,
    arg_max(price, trade_id) as last_price,
    max(trade_id) as last_trade_id,
    arg_max(exchange_time, trade_id) as last_time
  from trades
  group by product_id
),

windowed as (
  select trades.*, latest.last_price, latest.last_trade_id, latest.last_time
  from trades
  join latest using (product_id)
  where trades.exchange_time > latest.last_time - interval 24 hour
    and trades.exchange_time <= latest.last_time
),

rolled as (
  select
    product_id,
    any_value(last_price) as last_price,
    any_value(last_trade_id) as last_trade_id,
    any_value(last_time) as last_time,
    arg_min(price, trade_id) as open_24h,
    max(price) as high_24h,
    min(price) as low_24h,
    sum(size) as volume_24h,
    arg_min(price, trade_id) filter (where exchange_time > last_time - interval 1 hour) as open_1h,
    arg_min(price, trade_id) filter (where exchange_time > last_time - interval 1 minute) as open_1m,
    count(*) as trade_count_24h
  from windowed
  group by product_id
)

select
  product_id,
  last_price,
  last_trade_id,
  last_time,
  open_24h,
  high_24h,
  low_24h,
  volume_24h,
  last_price - open_24h as change_24h,
  (last_price - open_24h)::DOUBLE / open_24h::DOUBLE * 100 as change_24h_pct,
  last_price - open_1h as change_1h,
  last_price - open_1m as change_1m,
  trade_count_24h
from rolled
