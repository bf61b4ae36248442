/**
 * The embedded stack's pipeline summary: one line per layer every SUMMARY_INTERVAL_MS in place of
 * serverless-offline's line per invocation, which come back with LOG_LEVEL=debug.
 */
import type { Config } from '../../layers/config/index.js';
import { openCatalog } from '../../layers/iceberg/index.js';
import { pipelineTables } from '../../layers/pipeline/index.js';
import { errorLine } from '../cli/errorLine.js';
import type { ComponentSpec } from './Component.js';
import { interceptInvocationLines } from './invocationLines.js';
import { catalogSnapshotReader, LayerActivity } from './layerActivity.js';

export const SUMMARY_INTERVAL_MS = 10_000;

export function activitySummary(config: Config, write: (line: string) => void): ComponentSpec {
  return {
    name: 'activity',
    start: async () => {
      const catalog = await openCatalog(config);
      const activity = new LayerActivity({
        tables: pipelineTables,
        readSnapshots: catalogSnapshotReader(catalog),
        write,
      });
      const details = config.home.logLevel === 'debug';
      const restore = interceptInvocationLines(process.stderr, (invocation) => activity.record(invocation), details);
      let reporting: Promise<void> = Promise.resolve();
      const timer = setInterval(() => {
        reporting = reporting
          .then(() => activity.report())
          .catch((error: unknown) => write(`activity summary failed: ${errorLine(error)}`));
      }, SUMMARY_INTERVAL_MS);
      timer.unref();
      return {
        description: `pipeline summary          one line per layer every ${SUMMARY_INTERVAL_MS / 1000} s${details ? ' and every invocation' : ' (every invocation with LOG_LEVEL=debug)'}`,
        stop: async () => {
          clearInterval(timer);
          restore();
          await reporting;
          await catalog.close();
        },
      };
    },
  };
}
