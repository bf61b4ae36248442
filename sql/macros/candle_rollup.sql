-- Candles rolled up to a coarser grain ('hour', 'day'): a bucket's open is the open of its candle
-- with the lowest first_trade_id (= its lowest trade_id), its close that of the highest
-- last_trade_id. `candles` names the relation as a string (query_table), e.g. '{{ ref('ohlcv_1m') }}'.
create or replace temp macro candle_rollup(candles, grain) as table
  select
    product_id,
    date_trunc(grain, bucket_start) as bucket_start,
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
  from query_table(candles)
  group by product_id, date_trunc(grain, bucket_start);
