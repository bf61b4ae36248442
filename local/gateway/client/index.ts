/**
 * The SQL client side: statements over trino-client, result printing (table, CSV, JSON lines) and the
 * interactive prompt with history. `lakehouse sql --server URL` calls runRemoteStatement or
 * runRemoteRepl (or runServerSql, which picks one); the in-process `lakehouse sql` prompt is
 * runEngineRepl over the engine it opened.
 */
export { type EngineReplOptions, runEngineRepl } from './engineRepl.js';
export { createRowPrinter, displayText, OUTPUT_FORMATS, type OutputFormat, type RowPrinter } from './formatRows.js';
export { printEngineResult } from './printEngineResult.js';
export {
  queryTrino,
  type SessionUpdate,
  type TrinoColumn,
  TrinoHttpError,
  type TrinoPage,
  TrinoQueryFailed,
  type TrinoServerOptions,
  type TrinoValue,
} from './queryTrino.js';
export {
  type RemoteSqlOptions,
  runRemoteRepl,
  runRemoteStatement,
  runServerSql,
  sqlHistoryFile,
} from './remoteSql.js';
export { REPL_HELP, type ReplOptions, runRepl } from './repl.js';
