/**
 * What the handlers share inside one Lambda instance: configuration read once, and one Pipeline
 * (DuckDB, table store, commit notifier) created on first use and kept between invocations.
 */
import { loadConfig } from '../layers/config/index.js';
import { openDuckDB } from '../layers/engine/index.js';
import {
  feedLimits,
  LambdaCommitNotifier,
  noCommitNotifier,
  openTableStore,
  Pipeline,
  trackWork,
} from '../layers/pipeline/index.js';

let shared: Promise<Pipeline> | undefined;

function logError(error: unknown): void {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = `${error instanceof Error ? error.message : String(error)}${cause}`;
  process.stderr.write(`${JSON.stringify({ level: 'warn', component: 'pipeline', message })}\n`);
}

function sharedPipeline(): Promise<Pipeline> {
  shared ??= (async () => {
    const config = loadConfig();
    const settings = config.pipeline;
    const duckdb = await openDuckDB({ threads: 2, memoryLimit: settings.memoryLimit, cacheFileData: false });
    const store = await openTableStore(config);
    const notifier = settings.chainCommits
      ? new LambdaCommitNotifier(settings.functionPrefix, settings.lambdaEndpoint, logError)
      : noCommitNotifier;
    return new Pipeline({
      duckdb,
      store,
      sqlDir: settings.sqlDir,
      commitRetries: settings.commitRetries,
      notifier,
      snapshotRetentionMs: settings.snapshotRetentionMinutes * 60_000,
      limits: feedLimits(config.validation),
      snapshotMaxCount: settings.snapshotMaxCount,
    });
  })();
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}

/** Runs one invocation with the shared pipeline, reported as in-flight work (see inFlightWork.ts). */
export function withPipeline<T>(work: (pipeline: Pipeline) => Promise<T>): Promise<T> {
  return trackWork(async () => work(await sharedPipeline()));
}
