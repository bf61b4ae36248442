-- Per product: the latest trade (highest trade_id) and true rolling windows ending at it, so a
-- replay of history gives the answer the live run gave. Each window holds the trades with
-- last_time - window < exchange_time <= last_time; "open" and the changes start at its first trade.
-- Whole minutes inside a window come from the minute candles; silver trades are read only for the
-- minutes where a window starts or ends (source_minutes in the yml), so a run reads a day of candles
-- and four minutes of trades per product, whatever the trade rate.
with candles as (
  select product_id, bucket_start, open, high, low, volume, trade_count, first_trade_id, last_trade_id, close
  from {{ ref('ohlcv_1m') }}
),

edge_trades as (
  select product_id, trade_id, price, size, exchange_time, date_trunc('minute', exchange_time) as bucket
  from {{ source('silver', 'trades') }}
),

-- The latest trade is the close of the candle with the highest last_trade_id; its time is in that minute.
latest as (
  select
    candle.product_id,
    candle.last_price,
    candle.last_trade_id,
    candle.last_bucket,
    edge_trades.exchange_time as last_time
  from (
    select
      product_id,
      arg_max(close, last_trade_id) as last_price,
      max(last_trade_id) as last_trade_id,
      arg_max(bucket_start, last_trade_id) as last_bucket
    from candles
    group by product_id
  ) as candle
  join edge_trades on edge_trades.product_id = candle.product_id and edge_trades.trade_id = candle.last_trade_id
),

-- Trades of the last minute up to the latest trade (the end of every window).
closing as (
  select edge_trades.*
  from edge_trades
  join latest using (product_id)
  where edge_trades.bucket = latest.last_bucket and edge_trades.exchange_time <= latest.last_time
),

-- The 24 h window: the whole minutes after its start and before the last one, the trades of the
-- minute it starts in after its start, and the closing trades.
day_window as (
  select candles.product_id, candles.first_trade_id as first_id, candles.open as first_price, candles.high,
         candles.low, candles.volume, candles.trade_count
  from candles
  join latest using (product_id)
  where candles.bucket_start > latest.last_time - interval 24 hour and candles.bucket_start < latest.last_bucket
  union all
  select edge_trades.product_id, edge_trades.trade_id, edge_trades.price, edge_trades.price, edge_trades.price,
         edge_trades.size, 1
  from edge_trades
  join latest using (product_id)
  where edge_trades.bucket = latest.last_bucket - interval 24 hour
    and edge_trades.exchange_time > latest.last_time - interval 24 hour
  union all
  select product_id, trade_id, price, price, price, size, 1
  from closing
),

day_stats as (
  select
    product_id,
    arg_min(first_price, first_id) as open_24h,
    max(high) as high_24h,
    min(low) as low_24h,
    sum(volume) as volume_24h,
    sum(trade_count)::BIGINT as trade_count_24h
  from day_window
  group by product_id
),

-- The first trade of the 1 h window: among the whole minutes after its start, the trades of the
-- minute it starts in, and the closing trades.
hour_open as (
  select product_id, arg_min(price, trade_id) as open_1h
  from (
    select candles.product_id, candles.open as price, candles.first_trade_id as trade_id
    from candles
    join latest using (product_id)
    where candles.bucket_start > latest.last_time - interval 1 hour and candles.bucket_start < latest.last_bucket
    union all
    select edge_trades.product_id, edge_trades.price, edge_trades.trade_id
    from edge_trades
    join latest using (product_id)
    where edge_trades.bucket = latest.last_bucket - interval 1 hour
      and edge_trades.exchange_time > latest.last_time - interval 1 hour
    union all
    select product_id, price, trade_id
    from closing
  )
  group by product_id
),

-- The 1 min window lies in the last two minutes.
minute_open as (
  select product_id, arg_min(price, trade_id) as open_1m
  from (
    select edge_trades.product_id, edge_trades.price, edge_trades.trade_id
    from edge_trades
    join latest using (product_id)
    where edge_trades.bucket = latest.last_bucket - interval 1 minute
      and edge_trades.exchange_time > latest.last_time - interval 1 minute
    union all
    select product_id, price, trade_id
    from closing
  )
  group by product_id
)

select
  latest.product_id,
  latest.last_price,
  latest.last_trade_id,
  latest.last_time,
  day_stats.open_24h,
  day_stats.high_24h,
  day_stats.low_24h,
  day_stats.volume_24h,
  latest.last_price - day_stats.open_24h as change_24h,
  (latest.last_price - day_stats.open_24h)::DOUBLE / day_stats.open_24h::DOUBLE * 100 as change_24h_pct,
  latest.last_price - hour_open.open_1h as change_1h,
  latest.last_price - minute_open.open_1m as change_1m,
  day_stats.trade_count_24h
from latest
join day_stats using (product_id)
join hour_open using (product_id)
join minute_open using (product_id)
