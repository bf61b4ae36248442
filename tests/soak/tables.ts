/** Per table: snapshots its metadata holds, the size of its current metadata.json, rows so far. */
import { readdir, stat } from 'node:fs/promises';
import type { Catalog } from '../../layers/iceberg/index.js';
import { pipelineTables, qualifiedName } from '../../layers/pipeline/index.js';

export interface TableFigures {
  readonly snapshots: number;
  readonly metadataBytes: number;
  /** total-records of the current snapshot's summary. */
  readonly records: number;
}

export async function tableFigures(catalog: Catalog): Promise<Record<string, TableFigures>> {
  const figures: Record<string, TableFigures> = {};
  for (const def of pipelineTables) {
    const name = qualifiedName(def);
    if (!(await catalog.tableExists(name))) continue;
    const table = await catalog.loadTable(name);
    const location = table.metadataLocation.replace(/^file:\/\//, '');
    figures[name] = {
      snapshots: table.metadata.snapshots.length,
      metadataBytes: (await stat(location)).size,
      records: Number(table.currentSnapshot()?.summary['total-records'] ?? 0),
    };
  }
  return figures;
}

/** Bytes under `dir`, every file counted once. */
export async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    total += await stat(`${entry.parentPath}/${entry.name}`)
      .then((s) => s.size)
      .catch(() => 0);
  }
  return total;
}
