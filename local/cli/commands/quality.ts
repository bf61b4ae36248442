/**
 * `lakehouse quality run | reconcile | results`: the expectation suites over whole tables, the candle
 * reconciliation with the exchange, and the recorded results (ops.quality_results). `run` exits 1
 * when a blocking expectation fails, so it can gate a script.
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../../../layers/config/index.js';
import { openDuckDB } from '../../../layers/engine/index.js';
import {
  feedLimits,
  noCommitNotifier,
  openTableStore,
  Pipeline,
  type RecordedResult,
} from '../../../layers/pipeline/index.js';
import { runInProcess } from './sql.js';

type Format = 'table' | 'json';

async function withPipeline<T>(
  work: (pipeline: Pipeline, config: ReturnType<typeof loadConfig>) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const duckdb = await openDuckDB({ threads: 2 });
  const store = await openTableStore(config);
  const pipeline = new Pipeline({
    duckdb,
    store,
    sqlDir: config.pipeline.sqlDir,
    commitRetries: config.pipeline.commitRetries,
    notifier: noCommitNotifier,
    snapshotRetentionMs: config.pipeline.snapshotRetentionMinutes * 60_000,
    limits: feedLimits(config.validation),
  });
  try {
    return await work(pipeline, config);
  } finally {
    await pipeline.close();
    await store.close();
    duckdb.closeSync();
  }
}

/** Prints the results; returns how many blocking expectations failed. */
function print(results: readonly RecordedResult[], format: Format): number {
  for (const result of results) {
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      continue;
    }
    const verdict = result.passed ? 'PASS' : result.severity === 'blocking' ? 'FAIL' : 'WARN';
    process.stdout.write(`${verdict}  ${result.table.padEnd(24)} ${result.expectation}: ${result.observed}\n`);
  }
  const failed = results.filter((result) => !result.passed);
  const blocking = failed.filter((result) => result.severity === 'blocking').length;
  if (format === 'table') {
    process.stdout.write(`${results.length} expectations, ${failed.length} failed (${blocking} blocking)\n`);
  }
  return blocking;
}

const formatOption = () => new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');

function positiveInt(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 100_000)
    throw new InvalidArgumentError('expected an integer from 1 to 100000');
  return value;
}

export function qualityCommand(program: Command): void {
  const quality = program.command('quality').description('data quality: expectation suites, reconciliation, results');
  quality
    .command('run')
    .description('evaluate every expectation suite (sql/quality) over its whole table and record the results')
    .option('--table <table>', 'only the suite of this table (namespace.table)')
    .addOption(formatOption())
    .action(async function (this: Command, options: { table?: string; format: Format }) {
      const results = await withPipeline((pipeline) => pipeline.auditTables(options.table));
      const blocking = print(results, options.format);
      if (blocking > 0) this.error(`${blocking} blocking expectation(s) failed`, { exitCode: 1 });
    });
  quality
    .command('reconcile')
    .description("compare gold.ohlcv_1m with the exchange's own 1-minute candles (COINBASE_REST_URL)")
    .option('--minutes <n>', 'closed minutes to compare', positiveInt)
    .addOption(formatOption())
    .action(async (options: { minutes?: number; format: Format }) => {
      const results = await withPipeline((pipeline, config) =>
        pipeline.reconcile({
          restUrl: config.coinbase.restUrl,
          products: config.coinbase.products,
          minutes: options.minutes ?? config.quality.reconcileMinutes,
          settleSeconds: config.quality.reconcileSettleSeconds,
        }),
      );
      print(results, options.format);
    });
  quality
    .command('results')
    .description('the latest recorded results (ops.quality_results), newest first')
    .option('--limit <n>', 'rows to show', positiveInt, 50)
    .option('--failed', 'only results that did not pass')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .action(async (options: { limit: number; failed?: boolean; format: 'table' | 'csv' | 'json' }) => {
      const where = options.failed ? 'where not passed' : '';
      await runInProcess(
        `select evaluated_at, table_name, scope, severity, passed, expectation, observed
         from ops.quality_results ${where} order by evaluated_at desc limit ${options.limit}`,
        { format: options.format },
      );
    });
}
