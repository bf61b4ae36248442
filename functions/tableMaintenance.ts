/** Scheduled: compacts small files and expires old snapshots of every pipeline table. */
import type { MaintenanceResult } from '../layers/pipeline/index.js';
import { withPipeline } from './runtime.js';

export function handler(): Promise<MaintenanceResult> {
  return withPipeline('tableMaintenance', (pipeline) => pipeline.maintainTables());
}
