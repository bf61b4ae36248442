/**
 * How much history a pipeline table keeps, and trimming it as part of the commit path. Every snapshot
 * is listed in the table's metadata file (about 0.8 KB each, pretty-printed), and the pipeline commits
 * about once a second per table: by age alone, 30 minutes of retention is 1,800 snapshots and a
 * 1.5 MB metadata file rewritten on every commit. A bound on the count keeps the file small; trimming
 * right after a commit (not only on the maintenance schedule) keeps it small between runs too.
 */
import { type PipelineContext, PROP_BRONZE_SNAPSHOT, PROP_SILVER_SNAPSHOT } from '../context.js';
import { isRetriable } from '../errors.js';
import {
  bronzeEvents,
  pipelineTables,
  qualifiedName,
  silverTrades,
  sourceTables,
  type TableDef,
} from '../tables/definitions.js';
import type { ExpiryResult } from '../tables/TableStore.js';

export interface HistoryBounds {
  /** How long a snapshot stays readable (time travel, incremental reads), at most. */
  readonly retentionMs: number;
  /** Most snapshots a table holds: commits past it expire the oldest, down to half of it. */
  readonly maxSnapshots: number;
}

/**
 * 64 snapshots of about 1.1 KB (bronze's carry Kafka offsets) plus the schema and the metadata log
 * stay under 100 KB per metadata file (the bound the soak test checks; 77 measured 89 KB).
 */
export const DEFAULT_MAX_SNAPSHOTS = 64;

interface Checkpoint {
  /** Tables whose newest summary says how far they have read... */
  readonly readers: readonly TableDef[];
  readonly property: string;
  /** ...from this table. */
  readonly source: TableDef;
}

/**
 * The checkpoints steps read from: silver promotion starts at silver.trades' bronze snapshot, each
 * gold model at its silver snapshot. silver.trades_rejected records the bronze snapshot too, but as
 * lineage only: it commits only when something is rejected, so treating it as a checkpoint would
 * pin bronze's history at the last reject.
 */
function checkpointsOf(tables: readonly TableDef[]): Checkpoint[] {
  return [
    { readers: [silverTrades], property: PROP_BRONZE_SNAPSHOT, source: bronzeEvents },
    {
      readers: tables.filter((def) => !sourceTables.includes(def)),
      property: PROP_SILVER_SNAPSHOT,
      source: silverTrades,
    },
  ];
}

/** Snapshot ids per table (namespace.name) that a downstream step still reads from, among `tables`. */
export async function checkpoints(
  ctx: PipelineContext,
  tables: readonly TableDef[] = pipelineTables,
): Promise<Map<string, string[]>> {
  const keep = new Map<string, string[]>();
  for (const { readers, property, source } of checkpointsOf(tables)) {
    for (const reader of readers) {
      const id = (await ctx.store.head(reader)).properties[property];
      if (id === undefined) continue;
      const name = qualifiedName(source);
      keep.set(name, [...(keep.get(name) ?? []), id]);
    }
  }
  return keep;
}

/**
 * A step whose run changed nothing still records how far it has read once it lags this many commits
 * behind its input: the input's expiry keeps everything after a checkpoint, so a checkpoint that never
 * moved would pin the input's history (and its metadata file) to grow without bound.
 */
export function checkpointLagLimit(bounds: HistoryBounds | undefined): number {
  return Math.max(1, Math.floor((bounds?.maxSnapshots ?? DEFAULT_MAX_SNAPSHOTS) / 4));
}

/**
 * After a commit to `def`: when the table holds `maxSnapshots` or more, expires the oldest down to
 * half of them (snapshots downstream steps read from stay; `tables` says which steps there are). Losing a race with another writer or
 * with maintenance is left to the next commit; undefined when nothing was due or the race was lost.
 */
export async function trimHistory(
  ctx: PipelineContext,
  def: TableDef,
  bounds: HistoryBounds,
  tables: readonly TableDef[] = pipelineTables,
): Promise<ExpiryResult | undefined> {
  const { snapshotCount } = await ctx.store.head(def);
  if (snapshotCount < bounds.maxSnapshots) return undefined;
  try {
    const keep = await checkpoints(ctx, tables);
    return await ctx.store.expireSnapshots(def, {
      // Iceberg stamps snapshots with the wall clock, so the cutoff uses it too (not the injectable nowUs).
      olderThanMs: Date.now() - bounds.retentionMs,
      retainLast: Math.max(1, Math.floor(bounds.maxSnapshots / 2)),
      keep: keep.get(qualifiedName(def)) ?? [],
    });
  } catch (error) {
    if (isRetriable(error)) return undefined;
    throw error;
  }
}
