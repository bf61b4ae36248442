/**
 * The interactive prompt over an in-process QueryEngine (`lakehouse sql` without --server and
 * without a query on a terminal): same prompt and history as the --server mode, results printed as
 * --server prints them, Ctrl-C interrupting the running statement. The prompt holds the session
 * schema as a Trino client does: `USE [catalog.]schema` sets it (the read-only engine refuses USE
 * itself), and SHOW TABLES without FROM lists it, or fails as Trino does when none is set.
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

const IDENTIFIER = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const USE_STATEMENT = new RegExp(String.raw`^use\s+(?:${IDENTIFIER}\s*\.\s*)?(${IDENTIFIER})$`, 'i');
const SHOW_TABLES_IN_SESSION = /^show\s+tables(\s+like\s+.*)?$/is;

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replaceAll('""', '"') : identifier.toLowerCase();
}

export async function runEngineRepl(engine: QueryEngine, options: EngineReplOptions): Promise<void> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  let schema = options.schema;
  await runRepl({
    historyFile: options.historyFile,
    prompt: () => `lakehouse${schema ? `:${schema}` : ''}> `,
    ...(options.input ? { input: options.input } : {}),
    ...(options.output ? { output: options.output } : {}),
    execute: async (sql, signal) => {
      const use = USE_STATEMENT.exec(sql.trim());
      if (use) {
        schema = unquote(use[1] as string);
        return;
      }
      if (schema === undefined && SHOW_TABLES_IN_SESSION.test(sql.trim())) {
        throw new Error(
          'Schema must be specified when session schema is not set (USE schema, or SHOW TABLES FROM schema)',
        );
      }
      const result = await engine.query(sql, { signal, ...(schema ? { schema } : {}) });
      await printEngineResult(result, options.format, write);
    },
  });
}
