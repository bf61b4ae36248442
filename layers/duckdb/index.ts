/**
 * The bottom-floor bridge to DuckDB, the project's Parquet and SQL engine (imports no other layer):
 *
 *   openDuckDB.ts     instances with memory limit, threads and locked file access
 *   memoryUsage.ts    what an instance holds against its memory limit
 *   copyToParquet.ts  COPY ... TO Parquet with field ids and column statistics
 *   quote.ts          identifier and string-literal quoting for generated SQL
 */
export {
  type CopyToParquetOptions,
  copyToParquet,
  type FieldIdTree,
  type ParquetColumnStats,
  type WrittenParquetFile,
} from './copyToParquet.js';
export { type DuckDBMemory, duckdbMemory, parseDuckDBSize } from './memoryUsage.js';
export { type DuckDBOptions, openDuckDB, restrictFileAccess, sharedConnection } from './openDuckDB.js';
export { quoteIdentifier, quoteQualified, quoteString } from './quote.js';
