-- Hourly candles rolled up from the minute candles (macros/candle_rollup.sql).
select *, exact_vwap(quote_volume, volume) as vwap
from candle_rollup('{{ ref('ohlcv_1m') }}', 'hour')
