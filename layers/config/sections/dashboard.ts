import { intVar, portVar, stringVar } from '../env.js';

/** The built-in web dashboard (`npm start`): Market Overview and Pipeline Health. */
export const dashboardSection = {
  host: stringVar('DASHBOARD_HOST', '127.0.0.1', 'Address the built-in web dashboard binds to.'),
  port: portVar(
    'DASHBOARD_PORT',
    8084,
    'Port of the built-in web dashboard (Market Overview at /, Pipeline Health at /health).',
  ),
  pollMs: intVar(
    'DASHBOARD_POLL_MS',
    1000,
    'How often the dashboard looks for new table commits and samples the metrics it pushes to open pages (ms).',
    { min: 100, max: 60_000 },
  ),
  queryMemoryLimit: stringVar(
    'DASHBOARD_QUERY_MEMORY_LIMIT',
    '512MB',
    "Memory limit of the dashboard's DuckDB (DuckDB size, e.g. 256MB, 1GB).",
  ),
} as const;
