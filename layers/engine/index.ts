/**
 * The SQL engine: DuckDB over the lakehouse's Iceberg tables.
 *
 *   QueryEngine.ts          the interface front ends use (CLI, Trino-protocol gateway)
 *   IcebergQueryEngine.ts   its implementation: Trino syntax rewrite, views per table, read-only
 *   openLakehouseEngine.ts  the engine from configuration (catalog, FileIO, cache, sandbox)
 *   sql/                    tokenizer, the Trino / iceberg_* rewrite, and the sandbox policy on DuckDB's parse
 *   trino/                  Trino's functions (DuckDB macros and call rewrites) and division semantics
 *   scan/                   Iceberg types and values in DuckDB, read_parquet-by-field-id SQL, deletes
 *   tables/                 table lookup, views, time travel, metadata tables, table functions
 *   format/                 results as table, csv or json text
 *   duckdb.ts               DuckDB instances and the file-access sandbox
 */
export { type DuckDBOptions, openDuckDB, restrictFileAccess, sharedConnection } from '../duckdb/index.js';
export {
  EngineError,
  InconsistentTableError,
  NotFoundError,
  PermissionDeniedError,
  QuerySyntaxError,
  ReadOnlyError,
} from './errors.js';
export { valueToJson, valueToText } from './format/renderValue.js';
export { IcebergQueryEngine, type IcebergQueryEngineOptions, QueryFailedError } from './IcebergQueryEngine.js';
export { type LakehouseEngine, type LakehouseEngineOptions, openLakehouseEngine } from './openLakehouseEngine.js';
export type { QueryEngine, QueryResult, QuerySession, ResultColumn } from './QueryEngine.js';
export { deletionVectorPositions, readDeletionVectorBlob } from './scan/deletionVector.js';
export { duckdbType } from './scan/duckdbType.js';
export { literalFromInternal, literalFromJson } from './scan/literal.js';
export type { ScanFile, ScanPlan, ScanTaskPlan } from './scan/ScanPlan.js';
export { scanSql } from './scan/scanSql.js';
export { type SandboxedStatement, sandboxedStatement } from './sql/sandboxPolicy.js';
export { identifierName, isSignificant, stringValue, type Token, tokenize } from './sql/tokenizer.js';
export {
  type MetadataTableKind,
  type NameParts,
  type RewriteResolver,
  type RewriteResult,
  rewriteTrinoSql,
  type TableFunctionCall,
  type VersionSpec,
} from './sql/trinoRewrite.js';
export { CatalogTableSource } from './tables/CatalogTableSource.js';
export { openTableFile } from './tables/openTableFile.js';
export type { TableHandle, TableSource } from './tables/TableSource.js';
export {
  registerTrinoFunctions,
  rewriteCurrentUser,
  rewriteTrinoSemantics,
  SESSION_USER_FUNCTION,
  SESSION_USER_VARIABLE,
  TRINO_FUNCTIONS,
  trinoColumnNamer,
} from './trino/index.js';
export { rewriteFunctionCalls } from './trino/rewriteFunctionCalls.js';
