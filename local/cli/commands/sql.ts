/**
 * `lakehouse sql [--format table|csv|json] [--schema NS] "SQL"`: runs a query on the lakehouse
 * tables with the in-process engine (DuckDB over the Iceberg catalog) and prints the result. The
 * query comes from the argument, or from stdin when the argument is omitted. Output is rendered by
 * the engine's formatResult, so another source of QueryResults (a Trino server) plugs in beside
 * runInProcess.
 */
import { type Command, CommanderError, Option } from 'commander';
import { loadConfig } from '../../../layers/config/index.js';
import { EngineError } from '../../../layers/engine/errors.js';
import { formatResult, OUTPUT_FORMATS, type OutputFormat } from '../../../layers/engine/format/formatResult.js';
import { openLakehouseEngine } from '../../../layers/engine/openLakehouseEngine.js';

export interface SqlCommandOptions {
  readonly format: OutputFormat;
  readonly schema?: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

function write(text: string): void {
  process.stdout.write(text);
}

/** Runs the query in this process against the configured catalog; returns the row count. */
export async function runInProcess(sql: string, options: SqlCommandOptions): Promise<number> {
  const lakehouse = await openLakehouseEngine(loadConfig());
  try {
    const result = await lakehouse.engine.query(sql, options.schema === undefined ? {} : { schema: options.schema });
    return await formatResult(result, options.format, write);
  } finally {
    await lakehouse.close();
  }
}

export function sqlCommand(program: Command): void {
  program
    .command('sql')
    .description(
      'run a SQL query on the lakehouse tables (Trino syntax: FOR VERSION AS OF, "t$snapshots", iceberg_scan)',
    )
    .argument('[query]', 'the SQL text; read from stdin when omitted')
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('--schema <namespace>', 'namespace for table names written without one')
    .action(async (query: string | undefined, options: SqlCommandOptions) => {
      if (query === undefined && process.stdin.isTTY) {
        throw new CommanderError(2, 'lakehouse.sql.noQuery', 'lakehouse sql: give the SQL as an argument or on stdin');
      }
      const sql = query ?? (await readStdin());
      try {
        await runInProcess(sql, options);
      } catch (error) {
        // Query and table errors (the project's errors carry `retriable`): the message, without a stack trace.
        if (!(error instanceof EngineError) && typeof (error as { retriable?: unknown }).retriable !== 'boolean')
          throw error;
        const message = (error as Error).message;
        process.stderr.write(`lakehouse sql: ${message}\n`);
        throw new CommanderError(1, 'lakehouse.sql.failed', message);
      }
    });
}
