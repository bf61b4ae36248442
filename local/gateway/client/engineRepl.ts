/**
 * The interactive prompt over an in-process QueryEngine (`lakehouse sql` without --server and
 * without a query on a terminal): same prompt and history as the --server mode, results printed as
 * --server prints them, Ctrl-C interrupting the running statement.
 */

import type { QueryEngine } from '../../../layers/engine/index.js';
import type { OutputFormat } from './formatRows.js';
import { printEngineResult } from './printEngineResult.js';
import { runRepl } from './repl.js';

export interface EngineReplOptions {
  readonly format: OutputFormat;
  readonly historyFile: string;
  readonly schema?: string;
  readonly write?: (text: string) => void;
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
}

export async function runEngineRepl(engine: QueryEngine, options: EngineReplOptions): Promise<void> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  await runRepl({
    historyFile: options.historyFile,
    prompt: () => `lakehouse${options.schema ? `:${options.schema}` : ''}> `,
    ...(options.input ? { input: options.input } : {}),
    ...(options.output ? { output: options.output } : {}),
    execute: async (sql, signal) => {
      const result = await engine.query(sql, { signal, ...(options.schema ? { schema: options.schema } : {}) });
      await printEngineResult(result, options.format, write);
    },
  });
}
