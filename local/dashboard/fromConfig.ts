/**
 * The dashboard as configured (DASHBOARD_* variables) over the lakehouse engine opened from the same
 * configuration, sandboxed as the gateway's is. Used by the embedded stack's `npm start`.
 */
import type { Config } from '../../layers/config/index.js';
import { openLakehouseEngine } from '../../layers/engine/index.js';
import type { MetricsSource } from './metricsSampler.js';
import { type Dashboard, startDashboard } from './startDashboard.js';

/** Opens the engine, starts the dashboard; close() stops both. */
export async function startConfiguredDashboard(
  config: Config,
  metrics: readonly MetricsSource[],
  onError?: (error: unknown) => void,
): Promise<Dashboard> {
  const lakehouse = await openLakehouseEngine(config, {
    sandbox: true,
    memoryLimit: config.dashboard.queryMemoryLimit,
  });
  try {
    const dashboard = await startDashboard({
      engine: lakehouse.engine,
      catalog: lakehouse.catalog,
      metrics,
      host: config.dashboard.host,
      port: config.dashboard.port,
      pollMs: config.dashboard.pollMs,
      ...(onError ? { onError } : {}),
    });
    return {
      ...dashboard,
      close: async () => {
        await dashboard.close();
        await lakehouse.close();
      },
    };
  } catch (error) {
    await lakehouse.close();
    throw error;
  }
}
