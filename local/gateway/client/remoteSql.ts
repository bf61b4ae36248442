/**
 * `lakehouse sql --server URL`: one statement, or the interactive prompt, against any server that
 * speaks Trino's client protocol (this gateway or a real Trino).
 */
import path from 'node:path';
import { createRowPrinter, type OutputFormat } from './formatRows.js';
import { queryTrino, type TrinoServerOptions } from './queryTrino.js';
import { runRepl } from './repl.js';

export interface RemoteSqlOptions extends TrinoServerOptions {
  readonly format: OutputFormat;
  readonly write?: (text: string) => void;
}

/** Runs one statement and prints its result; rejects with TrinoQueryFailed / TrinoHttpError. */
export async function runRemoteStatement(
  options: RemoteSqlOptions,
  sql: string,
  signal?: AbortSignal,
  onSessionUpdate?: (update: { catalog?: string; schema?: string }) => void,
): Promise<void> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const printer = createRowPrinter(options.format, write);
  for await (const page of queryTrino(options, sql, onSessionUpdate, signal)) printer.page(page);
  printer.end();
}

/** The interactive prompt against a Trino server; USE changes the session for later statements. */
export async function runRemoteRepl(options: RemoteSqlOptions & { readonly historyFile: string }): Promise<void> {
  let session: TrinoServerOptions = options;
  await runRepl({
    historyFile: options.historyFile,
    prompt: () => `trino${session.schema ? `:${session.schema}` : ''}> `,
    execute: (sql, signal) =>
      runRemoteStatement({ ...options, ...session }, sql, signal, (update) => {
        session = { ...session, ...update };
      }),
  });
}

/** Where the prompt keeps its history: $LAKEHOUSE_HOME/sql_history. */
export function sqlHistoryFile(lakehouseHome: string): string {
  return path.join(lakehouseHome, 'sql_history');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `lakehouse sql --server URL [query]`: the query when given; otherwise the interactive prompt when
 * stdin is a terminal, or the statement piped on stdin.
 */
export async function runServerSql(
  options: RemoteSqlOptions & { readonly query?: string; readonly lakehouseHome: string },
): Promise<void> {
  if (options.query !== undefined) return runRemoteStatement(options, options.query);
  if (process.stdin.isTTY) return runRemoteRepl({ ...options, historyFile: sqlHistoryFile(options.lakehouseHome) });
  const text = (await readAll(process.stdin)).trim().replace(/;+\s*$/, '');
  return runRemoteStatement(options, text);
}
