/**
 * The bottom-floor bridge to DuckDB, the project's Parquet and SQL engine (imports no other layer):
 *
 *   openDuckDB.ts     instances with memory limit, threads and locked file access
 *   memoryUsage.ts    what an instance holds against its memory limit
 *   copyToParquet.ts  COPY ... TO Parquet with field ids and column statistics; identifier and string quoting
 */
export {
  type CopyToParquetOptions,
  copyToParquet,
  type FieldIdTree,
  type ParquetColumnStats,
  quoteIdentifier,
  quoteString,
  type WrittenParquetFile,
} from './copyToParquet.js';
export { type DuckDBMemory, duckdbMemory, parseDuckDBSize } from './memoryUsage.js';
export { type DuckDBOptions, openDuckDB, restrictFileAccess, sharedConnection } from './openDuckDB.js';
