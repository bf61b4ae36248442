/**
 * Per-file Iceberg metrics from DuckDB's Parquet column statistics: value, null and NaN counts,
 * column sizes, and Appendix D lower/upper bounds (strings and binaries truncated per the
 * table's metrics mode, `write.metadata.metrics.default`, default truncate(16)).
 */
import type { ParquetColumnStats } from '../../duckdb/index.js';
import type { Schema } from '../spec/schema.js';
import { toBytes, truncateLowerBound, truncateUpperBound } from '../spec/singleValue.js';
import { fixedLength, isPrimitive, type PrimitiveType } from '../spec/types.js';
import { type IcebergValue, toValue } from '../spec/values.js';

export type MetricsMode =
  | { readonly kind: 'none' | 'counts' | 'full' }
  | { readonly kind: 'truncate'; readonly width: number };

export function parseMetricsMode(text: string | undefined): MetricsMode {
  if (text === undefined) return { kind: 'truncate', width: 16 };
  const truncate = /^truncate\((\d+)\)$/.exec(text);
  if (truncate) return { kind: 'truncate', width: Number(truncate[1]) };
  if (text === 'none' || text === 'counts' || text === 'full') return { kind: text };
  return { kind: 'truncate', width: 16 };
}

export interface FileMetrics {
  readonly columnSizes: Map<number, number>;
  readonly valueCounts: Map<number, number>;
  readonly nullValueCounts: Map<number, number>;
  readonly nanValueCounts: Map<number, number>;
  readonly lowerBounds: Map<number, Uint8Array>;
  readonly upperBounds: Map<number, Uint8Array>;
}

function parseBound(type: PrimitiveType, text: string): IcebergValue | undefined {
  if (type === 'binary' || fixedLength(type) !== undefined) return undefined;
  try {
    return toValue(type, text);
  } catch {
    return undefined;
  }
}

/** True when the field sits under a list or map (Java keeps no bounds for repeated fields). */
function isRepeated(schema: Schema, id: number): boolean {
  for (let parent = schema.parentId(id); parent !== undefined; parent = schema.parentId(parent)) {
    const type = schema.findField(parent)?.type;
    if (typeof type === 'object' && type.type !== 'struct') return true;
  }
  return false;
}

export function metricsFromParquetStats(
  schema: Schema,
  columns: ReadonlyMap<string, ParquetColumnStats>,
  mode: MetricsMode,
): FileMetrics {
  const metrics: FileMetrics = {
    columnSizes: new Map(),
    valueCounts: new Map(),
    nullValueCounts: new Map(),
    nanValueCounts: new Map(),
    lowerBounds: new Map(),
    upperBounds: new Map(),
  };
  if (mode.kind === 'none') return metrics;
  for (const id of schema.allFieldIds()) {
    const field = schema.findField(id);
    const path = schema.findColumnName(id);
    if (!field || !path || !isPrimitive(field.type)) continue;
    const stats = columns.get(path);
    if (!stats) continue;
    const type = field.type;
    if (stats.columnSizeBytes !== undefined) metrics.columnSizes.set(id, stats.columnSizeBytes);
    if (stats.numValues !== undefined) metrics.valueCounts.set(id, stats.numValues);
    if (stats.nullCount !== undefined) metrics.nullValueCounts.set(id, stats.nullCount);
    if ((type === 'float' || type === 'double') && stats.hasNan === false) metrics.nanValueCounts.set(id, 0);
    if (mode.kind === 'counts' || isRepeated(schema, id) || stats.hasNan === true) continue;
    const lower = stats.min === undefined ? undefined : parseBound(type, stats.min);
    const upper = stats.max === undefined ? undefined : parseBound(type, stats.max);
    const width = mode.kind === 'truncate' ? mode.width : Number.POSITIVE_INFINITY;
    if (lower !== undefined) metrics.lowerBounds.set(id, toBytes(type, truncateLowerBound(type, lower, width)));
    if (upper !== undefined) {
      const bound = truncateUpperBound(type, upper, width);
      if (bound !== undefined) metrics.upperBounds.set(id, toBytes(type, bound));
    }
  }
  return metrics;
}
