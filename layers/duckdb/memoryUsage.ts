/** What one DuckDB instance holds in memory now and may hold at most, from its own accounting. */
import type { DuckDBInstance } from '@duckdb/node-api';

export interface DuckDBMemory {
  /** Bytes DuckDB's buffer manager holds (sum of duckdb_memory()). */
  readonly usedBytes: number;
  /** The instance's memory_limit, in bytes. */
  readonly limitBytes: number;
}

export async function duckdbMemory(instance: DuckDBInstance): Promise<DuckDBMemory> {
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `SELECT (SELECT CAST(coalesce(sum(memory_usage_bytes), 0) AS DOUBLE) FROM duckdb_memory()),
              CAST(current_setting('memory_limit') AS VARCHAR)`,
    );
    const [used, limit] = reader.getRows()[0] ?? [];
    return { usedBytes: Number(used), limitBytes: parseDuckDBSize(String(limit)) };
  } finally {
    connection.closeSync();
  }
}

const UNITS: Record<string, number> = {
  bytes: 1,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
};

/** DuckDB prints sizes as "488.2 MiB" or "1.0 GiB". */
export function parseDuckDBSize(text: string): number {
  const match = /^([\d.]+)\s*([A-Za-z]+)$/.exec(text.trim());
  const unit = match === null ? undefined : UNITS[match[2] as string];
  if (match === null || unit === undefined) throw new Error(`unrecognised DuckDB size '${text}'`);
  return Number(match[1]) * unit;
}
