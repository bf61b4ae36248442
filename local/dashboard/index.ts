/**
 * The built-in web dashboard (`npm start`, DASHBOARD_PORT): Market Overview (`/`) and Pipeline
 * Health (`/health`), over the lakehouse engine and the stack's metrics registries.
 *
 * - startConfiguredDashboard: from configuration, over the engine it opens (the embedded stack).
 * - startDashboard: over a given engine and catalog (tests).
 * - server.ts: routes; marketQueries.ts / healthQueries.ts: the SQL (values bound as parameters);
 *   arrowEncoding.ts: results as Arrow IPC (decimals exact); liveUpdates.ts / commitWatcher.ts:
 *   server-sent events on commits; metricsSampler.ts: figures from prom-client registries;
 *   staticAssets.ts and static/: the pages and the chart libraries, served locally.
 */
export { SQL_TYPE_KEY } from './arrowEncoding.js';
export { startConfiguredDashboard } from './fromConfig.js';
export type { MetricsSample, MetricsSource } from './metricsSampler.js';
export { ARROW_STREAM, WAITING_HEADER } from './server.js';
export { type Dashboard, type DashboardOptions, startDashboard } from './startDashboard.js';
