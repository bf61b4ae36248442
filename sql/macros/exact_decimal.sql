-- Exact decimal helpers. DuckDB divides decimals in binary floating point, so ratios that must be
-- exact (vwap) are computed on the unscaled integers and rounded half up.

-- The unscaled integer of a DECIMAL (DuckDB prints every fractional digit of its scale).
create or replace temp macro unscaled(x) as replace(x::VARCHAR, '.', '')::HUGEINT;

-- quote (scale 20) / volume (scale 10) -> DECIMAL(38,10), rounded half up; both positive.
create or replace temp macro exact_vwap(quote_volume, volume) as
  ((2 * unscaled(quote_volume) + unscaled(volume)) // (2 * unscaled(volume)))::DECIMAL(38, 0)
    * 0.0000000001::DECIMAL(11, 10);
