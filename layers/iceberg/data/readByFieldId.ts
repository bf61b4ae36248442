/**
 * DuckDB SQL that reads Iceberg data files by Parquet field id, so renamed, reordered and added
 * columns resolve as the schema says (absent columns read as NULL).
 */
import { quoteString } from '../../duckdb/index.js';
import type { Schema } from '../spec/schema.js';
import { duckdbType } from './duckdbTypes.js';

export function readParquetByFieldId(localPaths: readonly string[], schema: Schema): string {
  const columns = schema.fields
    .map(
      (f) => `${f.id}: {name: ${quoteString(f.name)}, type: ${quoteString(duckdbType(f.type))}, default_value: NULL}`,
    )
    .join(', ');
  const files = localPaths.map(quoteString).join(', ');
  return `read_parquet([${files}], hive_partitioning = false, schema = MAP {${columns}})`;
}
