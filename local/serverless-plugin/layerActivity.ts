/**
 * What `npm start` says about the pipeline at info level: every few seconds one line per layer that
 * did something, with its function runs, its commits and rows since the last line, its row total and
 * how long ago it last committed (its freshness). Runs come from serverless-offline's invocation
 * lines (invocationLines.ts); commits and rows from the tables' snapshots in the catalog.
 */
import type { Catalog, Snapshot, Table } from '../../layers/iceberg/index.js';
import { NoSuchTableError } from '../../layers/iceberg/index.js';
import type { TableDef } from '../../layers/pipeline/index.js';
import type { Invocation } from './invocationLines.js';

/** The layer a function's runs are counted under (a function not listed here counts under its own name). */
const FUNCTION_LAYERS: Readonly<Record<string, string>> = {
  bronzeWriter: 'bronze',
  silverPromoter: 'silver',
  goldBuilder: 'gold',
  tableMaintenance: 'maintenance',
};

/** A table's snapshots now, or undefined while the table does not exist yet. */
export type SnapshotReader = (
  def: TableDef,
) => Promise<{ snapshots: readonly Snapshot[]; current?: Snapshot } | undefined>;

export interface LayerActivityOptions {
  readonly tables: readonly TableDef[];
  readonly readSnapshots: SnapshotReader;
  readonly write: (line: string) => void;
  readonly now?: () => number;
}

interface Runs {
  count: number;
  totalMs: number;
}

export class LayerActivity {
  private runs = new Map<string, Runs>();
  private since: number;
  private readonly now: () => number;

  constructor(private readonly options: LayerActivityOptions) {
    this.now = options.now ?? Date.now;
    this.since = this.now();
  }

  record(invocation: Invocation): void {
    const layer = FUNCTION_LAYERS[invocation.functionKey] ?? invocation.functionKey;
    const runs = this.runs.get(layer) ?? { count: 0, totalMs: 0 };
    runs.count++;
    runs.totalMs += invocation.durationMs;
    this.runs.set(layer, runs);
  }

  /** Writes the lines for the interval since the last report and starts the next interval. */
  async report(): Promise<void> {
    const read = await Promise.all(
      this.options.tables.map(async (def) => ({ def, table: await this.options.readSnapshots(def) })),
    );
    // The interval ends once every table is read, so no commit seen here is newer than its end.
    const now = this.now();
    const since = this.since;
    const runs = this.runs;
    this.since = now;
    this.runs = new Map();
    const layers = new Map<string, { commits: number; rows: number; total: number; lastCommitMs?: number }>();
    for (const { def, table: tableSnapshots } of read) {
      const layer = layers.get(def.namespace) ?? { commits: 0, rows: 0, total: 0 };
      layers.set(def.namespace, layer);
      if (!tableSnapshots) continue;
      // Compaction ('replace') rewrites rows without changing them: it is maintenance, not new data.
      for (const snapshot of tableSnapshots.snapshots) {
        if (snapshot.timestampMs <= since || snapshot.timestampMs > now || snapshot.summary.operation === 'replace')
          continue;
        layer.commits++;
        layer.rows += Number(snapshot.summary['added-records'] ?? 0);
      }
      const current = tableSnapshots.current;
      if (current) {
        layer.total += Number(current.summary['total-records'] ?? 0);
        layer.lastCommitMs = Math.max(layer.lastCommitMs ?? 0, current.timestampMs);
      }
    }
    const names = [...new Set([...layers.keys(), ...runs.keys()])];
    const width = Math.max(...[...names, ...Object.values(FUNCTION_LAYERS)].map((name) => name.length));
    for (const name of names) {
      const layerRuns = runs.get(name);
      const layer = layers.get(name);
      if (!layerRuns && !layer?.commits) continue;
      const parts: string[] = [];
      if (layerRuns)
        parts.push(`${count(layerRuns.count, 'run')} (avg ${Math.round(layerRuns.totalMs / layerRuns.count)} ms)`);
      if (layer) {
        parts.push(`${count(layer.commits, 'commit')}, +${layer.rows.toLocaleString('en-US')} rows`);
        parts.push(`${layer.total.toLocaleString('en-US')} rows in total`);
        if (layer.lastCommitMs !== undefined)
          parts.push(`last commit ${((now - layer.lastCommitMs) / 1000).toFixed(1)} s ago`);
      }
      this.options.write(`${name.padEnd(width)}  ${parts.join(', ')}  (last ${((now - since) / 1000).toFixed(0)} s)`);
    }
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Reads the tables' snapshots from the catalog, loading each table once and refreshing it after. */
export function catalogSnapshotReader(catalog: Catalog): SnapshotReader {
  const loaded = new Map<string, Table>();
  return async (def) => {
    const identifier = `${def.namespace}.${def.name}`;
    try {
      const known = loaded.get(identifier);
      const table = known ? await known.refresh() : await catalog.loadTable(identifier);
      loaded.set(identifier, table);
      const current = table.currentSnapshot();
      return { snapshots: table.snapshots(), ...(current ? { current } : {}) };
    } catch (error) {
      if (error instanceof NoSuchTableError) return undefined;
      throw error;
    }
  };
}
