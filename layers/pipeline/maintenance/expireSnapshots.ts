/**
 * Snapshot expiry for the pipeline's tables. Bronze and silver commit about once a second, and each
 * commit rewrites the table's metadata file with every snapshot in it: without expiry that file,
 * and every commit and read of it, grows without bound. Snapshots older than the retention go,
 * except where a downstream step still reads incrementally from: silver's bronze checkpoint and
 * gold's silver checkpoint are kept, with everything committed after them.
 */
import { type PipelineContext, PROP_BRONZE_SNAPSHOT, PROP_SILVER_SNAPSHOT } from '../context.js';
import { bronzeEvents, pipelineTables, qualifiedName, silverTrades, type TableDef } from '../tables/definitions.js';
import type { ExpiryResult } from '../tables/TableStore.js';

/** Which table each checkpoint property points into. */
const CHECKPOINTS: readonly (readonly [string, TableDef])[] = [
  [PROP_BRONZE_SNAPSHOT, bronzeEvents],
  [PROP_SILVER_SNAPSHOT, silverTrades],
];

export interface MaintenanceResult {
  /** Per table (namespace.name): what expiry removed. */
  readonly tables: Readonly<Record<string, ExpiryResult>>;
}

export async function expirePipelineSnapshots(ctx: PipelineContext, retentionMs: number): Promise<MaintenanceResult> {
  for (const def of pipelineTables) await ctx.store.ensure(def);
  // Checkpoints are read before any expiry: a step that moves on meanwhile only moves forward.
  const keep = new Map<string, string[]>();
  for (const def of pipelineTables) {
    const { properties } = await ctx.store.head(def);
    for (const [property, source] of CHECKPOINTS) {
      const id = properties[property];
      if (id === undefined) continue;
      const name = qualifiedName(source);
      keep.set(name, [...(keep.get(name) ?? []), id]);
    }
  }
  // Iceberg stamps snapshots with the wall clock, so the cutoff uses it too (not the injectable nowUs).
  const olderThanMs = Date.now() - retentionMs;
  const tables: Record<string, ExpiryResult> = {};
  for (const def of pipelineTables) {
    const name = qualifiedName(def);
    tables[name] = await ctx.store.expireSnapshots(def, olderThanMs, keep.get(name) ?? []);
  }
  return { tables };
}
