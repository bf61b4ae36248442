/**
 * DuckDB values as text (table and CSV cells) and as JSON. JSON keeps every value exact: DECIMAL,
 * BIGINT, HUGEINT and UBIGINT are always strings (whatever their size, so a consumer never has to
 * guess), 8- to 32-bit integers and floating point are numbers (NaN and infinities as strings),
 * temporal types are DuckDB's ISO-like text, nested types are arrays and objects. FLOAT (32-bit)
 * values print as the shortest decimal that reads back as the same float (0.34234, not
 * 0.34233999252319336).
 */
import { type DuckDBType, DuckDBTypeId, type DuckDBValue, type Json, JsonDuckDBValueConverter } from '@duckdb/node-api';

function shortestFloat32(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits <= 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(value);
}

function isFloat(type: DuckDBType | undefined): boolean {
  return type?.typeId === DuckDBTypeId.FLOAT;
}

export function valueToText(value: DuckDBValue, type?: DuckDBType): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && isFloat(type)) return shortestFloat32(value);
  return String(value);
}

export function valueToJson(value: DuckDBValue, type: DuckDBType): Json {
  if (typeof value === 'number' && isFloat(type) && Number.isFinite(value)) return Number(shortestFloat32(value));
  return JsonDuckDBValueConverter(value, type, JsonDuckDBValueConverter);
}
