/** Scheduled: expires old snapshots of every pipeline table (and the files only they referenced). */
import type { MaintenanceResult } from '../layers/pipeline/maintenance/expireSnapshots.js';
import { withPipeline } from './runtime.js';

export function handler(): Promise<MaintenanceResult> {
  return withPipeline((pipeline) => pipeline.maintainTables());
}
