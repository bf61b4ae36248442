/**
 * Maintenance of the pipeline's tables, table by table: compaction, then snapshot expiry (by age,
 * and by count when given: see history.ts, which also trims on the commit path).
 * Bronze and silver commit about once a second. Without compaction each commit leaves one more
 * small data file per partition for every scan to open; without expiry each commit rewrites a
 * metadata file listing every snapshot ever made. Snapshots older than the retention go, except
 * where a downstream step still reads incrementally from: silver's bronze checkpoint and gold's
 * silver checkpoint are kept, with everything committed after them.
 */
import type { PipelineContext } from '../context.js';
import { isRetriable, PipelineError } from '../errors.js';
import { pipelineTables, qualifiedName, type TableDef } from '../tables/definitions.js';
import type { CompactionSummary, ExpiryResult } from '../tables/TableStore.js';
import { checkpoints } from './history.js';

export interface TableMaintenance {
  readonly compaction: CompactionSummary;
  readonly expiry: ExpiryResult;
}

export interface MaintenanceResult {
  /** Per table (namespace.name). */
  readonly tables: Readonly<Record<string, TableMaintenance>>;
}

/**
 * Maintains every table even when one fails (a concurrent writer may win a race), then throws one
 * error naming each failure: retriable when all of them are.
 */
export async function maintainTables(
  ctx: PipelineContext,
  retentionMs: number,
  maxSnapshots?: number,
  defs: readonly TableDef[] = pipelineTables,
): Promise<MaintenanceResult> {
  for (const def of defs) await ctx.store.ensure(def);
  // Checkpoints are read before any expiry: a step that moves on meanwhile only moves forward.
  const keep = await checkpoints(ctx, defs);
  // Iceberg stamps snapshots with the wall clock, so the cutoff uses it too (not the injectable nowUs).
  const olderThanMs = Date.now() - retentionMs;
  const tables: Record<string, TableMaintenance> = {};
  const failures: [string, unknown][] = [];
  for (const def of defs) {
    const name = qualifiedName(def);
    try {
      const compaction = await ctx.store.compact(ctx.conn, def);
      const expiry = await ctx.store.expireSnapshots(def, {
        olderThanMs,
        ...(maxSnapshots !== undefined ? { retainLast: maxSnapshots } : {}),
        keep: keep.get(name) ?? [],
      });
      tables[name] = { compaction, expiry };
    } catch (error) {
      failures.push([name, error]);
    }
  }
  if (failures.length > 0) {
    const detail = failures.map(
      ([name, error]) => `${name}: ${error instanceof Error ? error.message : String(error)}`,
    );
    throw new PipelineError(
      `maintenance failed for ${failures.length} table(s): ${detail.join('; ')}`,
      failures.every(([, error]) => isRetriable(error)),
      { cause: failures[0]?.[1] },
    );
  }
  return { tables };
}
