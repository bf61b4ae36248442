/**
 * Notices new commits by the tables' metadata locations in the catalog (read from the catalog alone,
 * no metadata file is loaded), so watching costs one catalog read per table per poll.
 */
import type { Catalog } from '../../layers/iceberg/index.js';

export class CommitWatcher {
  private readonly known = new Map<string, string | undefined>();

  constructor(
    private readonly catalog: Pick<Catalog, 'loadMetadataLocation' | 'tableExists'>,
    private readonly tables: readonly string[],
  ) {}

  private async location(table: string): Promise<string | undefined> {
    if (!(await this.catalog.tableExists(table))) return undefined;
    return this.catalog.loadMetadataLocation(table);
  }

  /** Tables whose metadata changed (created, committed, dropped) since the previous call; the first call records. */
  async changed(): Promise<string[]> {
    const first = this.known.size === 0;
    const changed: string[] = [];
    for (const table of this.tables) {
      const location = await this.location(table);
      if (!first && this.known.get(table) !== location) changed.push(table);
      this.known.set(table, location);
    }
    return changed;
  }

  /** Tables that exist, as of the last call of changed(). */
  existing(): Set<string> {
    return new Set([...this.known].filter(([, location]) => location !== undefined).map(([table]) => table));
  }
}
