/**
 * Starts the dashboard's HTTP server over a query engine and a catalog, and its poll loop: every
 * `pollMs` it looks for new commits of the pipeline's tables and samples the metrics registries, and
 * pushes both to the open pages as server-sent events.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { QueryEngine } from '../../layers/engine/index.js';
import type { Catalog } from '../../layers/iceberg/index.js';
import { CommitWatcher } from './commitWatcher.js';
import { HEALTH_TABLES } from './healthQueries.js';
import { LiveUpdates } from './liveUpdates.js';
import { type MetricsSample, MetricsSampler, type MetricsSource } from './metricsSampler.js';
import { createDashboardHandler } from './server.js';
import { dashboardAssets } from './staticAssets.js';

/** Metrics samples kept for the series chart: 10 minutes at the default poll of 1 s. */
export const SERIES_SAMPLES = 600;

export interface DashboardOptions {
  readonly engine: QueryEngine;
  readonly catalog: Pick<Catalog, 'loadMetadataLocation' | 'tableExists'>;
  readonly metrics?: readonly MetricsSource[];
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly pollMs: number;
  /** Reports a failed poll (the loop carries on). */
  readonly onError?: (error: unknown) => void;
}

export interface Dashboard {
  readonly url: string;
  readonly port: number;
  /** Runs one poll now (tests use it instead of waiting for the timer). */
  poll(): Promise<void>;
  close(): Promise<void>;
}

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? '127.0.0.1';
  const watcher = new CommitWatcher(options.catalog, HEALTH_TABLES);
  const sampler = new MetricsSampler(options.metrics ?? [], SERIES_SAMPLES);
  const live = new LiveUpdates();
  let latest: MetricsSample | undefined;
  let polling: Promise<void> = Promise.resolve();

  const pollOnce = async (): Promise<void> => {
    const changed = await watcher.changed();
    if (changed.length > 0) live.send('commit', { tables: changed });
    latest = await sampler.sample();
    live.send('metrics', latest);
  };
  const poll = (): Promise<void> => {
    polling = polling.then(pollOnce, pollOnce);
    return polling;
  };
  await poll();

  const handler = createDashboardHandler({
    engine: options.engine,
    assets: dashboardAssets(),
    live,
    existingTables: () => watcher.existing(),
    samples: () => sampler.samples(),
    latestSample: () => latest,
  });
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    timer = setTimeout(() => {
      poll()
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => {
          if (!stopped) schedule();
        });
    }, options.pollMs);
  };
  schedule();

  return {
    url: `http://${urlHost}:${port}`,
    port,
    poll,
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      await polling.catch(() => undefined);
      live.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
