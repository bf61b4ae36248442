/**
 * `lakehouse sql [--server URL] [--format table|csv|json] [--schema NS] ["SQL"]`: runs a query on the
 * lakehouse tables with the in-process engine (DuckDB over the Iceberg catalog), or on any
 * Trino-protocol server with --server, and prints the result. Without a query it opens the
 * interactive prompt on a terminal, or reads the statement from stdin.
 */
import { type Command, CommanderError, Option } from 'commander';
import { loadConfig } from '../../../layers/config/index.js';
import { EngineError, openLakehouseEngine } from '../../../layers/engine/index.js';
import {
  OUTPUT_FORMATS,
  type OutputFormat,
  printEngineResult,
  runEngineRepl,
  runServerSql,
  sqlHistoryFile,
} from '../../gateway/client/index.js';
import { explainMissingSchema, requireCatalog } from './sqlHome.js';

export interface SqlCommandOptions {
  readonly format: OutputFormat;
  readonly schema?: string;
  readonly server?: string;
  readonly user?: string;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

function write(text: string): void {
  process.stdout.write(text);
}

/** The interactive prompt on the in-process engine, with history in $LAKEHOUSE_HOME. */
async function runInProcessPrompt(options: SqlCommandOptions): Promise<void> {
  const config = loadConfig();
  requireCatalog(config);
  const lakehouse = await openLakehouseEngine(config);
  try {
    await runEngineRepl(lakehouse.engine, {
      format: options.format,
      historyFile: sqlHistoryFile(config.paths.home),
      ...(options.schema === undefined ? {} : { schema: options.schema }),
    });
  } finally {
    await lakehouse.close();
  }
}

/** Runs the query in this process against the configured catalog; returns the row count. */
export async function runInProcess(sql: string, options: SqlCommandOptions): Promise<number> {
  const config = loadConfig();
  requireCatalog(config);
  const lakehouse = await openLakehouseEngine(config);
  try {
    const result = await lakehouse.engine
      .query(sql, options.schema === undefined ? {} : { schema: options.schema })
      .catch((error: unknown) => {
        throw explainMissingSchema(error, config);
      });
    return await printEngineResult(result, options.format, write);
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
    .option('--server <url>', 'a Trino-protocol server (this gateway or Trino) instead of the in-process engine')
    .option('--user <name>', 'user sent to the server (X-Trino-User)', 'lakehouse')
    .action(async (query: string | undefined, options: SqlCommandOptions) => {
      try {
        if (options.server !== undefined) {
          await runServerSql({
            server: options.server,
            format: options.format,
            lakehouseHome: loadConfig().paths.home,
            ...(options.user === undefined ? {} : { user: options.user }),
            ...(options.schema === undefined ? {} : { schema: options.schema }),
            ...(query === undefined ? {} : { query }),
          });
        } else if (query === undefined && process.stdin.isTTY) {
          await runInProcessPrompt(options);
        } else {
          await runInProcess(query ?? (await readStdin()), options);
        }
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
