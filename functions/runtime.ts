/**
 * What the handlers share inside one Lambda instance: configuration read once, and one Pipeline
 * (DuckDB, table store, commit notifier) created on first use and kept between invocations.
 */
import { loadConfig } from '../layers/config/index.js';
import { openDuckDB } from '../layers/engine/index.js';
import {
  feedLimits,
  isRetriable,
  LambdaCommitNotifier,
  MemoryReporter,
  noCommitNotifier,
  openTableStore,
  Pipeline,
  pipelineMetrics,
  trackWork,
} from '../layers/pipeline/index.js';

interface Instance {
  readonly pipeline: Pipeline;
  readonly memory: MemoryReporter;
}

let shared: Promise<Instance> | undefined;

function logError(error: unknown): void {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = `${error instanceof Error ? error.message : String(error)}${cause}`;
  process.stderr.write(`${JSON.stringify({ level: 'warn', component: 'pipeline', message })}\n`);
}

function sharedInstance(): Promise<Instance> {
  shared ??= (async () => {
    const config = loadConfig();
    const settings = config.pipeline;
    const duckdb = await openDuckDB({ threads: 2, memoryLimit: settings.memoryLimit, cacheFileData: false });
    const store = await openTableStore(config);
    const notifier = settings.chainCommits
      ? new LambdaCommitNotifier(settings.functionPrefix, settings.lambdaEndpoint, logError)
      : noCommitNotifier;
    const pipeline = new Pipeline({
      duckdb,
      store,
      sqlDir: settings.sqlDir,
      commitRetries: settings.commitRetries,
      notifier,
      snapshotRetentionMs: settings.snapshotRetentionMinutes * 60_000,
      limits: feedLimits(config.validation),
      snapshotMaxCount: settings.snapshotMaxCount,
      failedAuditsKept: settings.failedAuditsKept,
    });
    return { pipeline, memory: new MemoryReporter('pipeline functions', duckdb) };
  })();
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}

/**
 * Runs one invocation of `functionName` with the shared pipeline, reported as in-flight work (see
 * inFlightWork.ts) and counted in pipelineMetrics (invocations, duration, errors by retriable);
 * afterwards the instance logs its memory (at most every 30 s).
 */
export function withPipeline<T>(functionName: string, work: (pipeline: Pipeline) => Promise<T>): Promise<T> {
  return trackWork(async () => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let instance: Instance;
    let result: T;
    try {
      instance = await sharedInstance();
      result = await work(instance.pipeline);
    } catch (error) {
      pipelineMetrics.invoked(functionName, seconds(), { retriable: isRetriable(error) });
      throw error;
    }
    pipelineMetrics.invoked(functionName, seconds());
    await instance.memory.maybeReport().catch(logError);
    return result;
  });
}
