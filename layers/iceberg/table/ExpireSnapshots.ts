/**
 * Snapshot expiry: removes snapshots older than a cutoff that no ref needs (each branch keeps its
 * head and at least `history.expire.min-snapshots-to-keep` ancestors), then deletes the manifest
 * lists, manifests and data files that only the removed snapshots referenced.
 */
import { ValidationError } from '../errors.js';
import { liveEntries, mapConcurrent, snapshotManifests } from '../scan/manifestEntries.js';
import type { Snapshot } from '../spec/snapshot.js';
import { ancestorsOf, type TableMetadata } from '../spec/tableMetadata.js';
import { commitWithRetry } from './commitRetry.js';
import type { Table } from './Table.js';

const DEFAULT_MAX_SNAPSHOT_AGE_MS = 5 * 24 * 3600 * 1000;

export interface ExpireResult {
  readonly expiredSnapshotIds: readonly bigint[];
  readonly deletedFiles: number;
}

export class ExpireSnapshots {
  private olderThanMs: number | undefined;
  private retain: number | undefined;
  private readonly explicit = new Set<bigint>();
  private cleanFiles = true;

  constructor(private readonly table: Table) {}

  expireOlderThan(timestampMs: number): this {
    this.olderThanMs = timestampMs;
    return this;
  }

  expireSnapshotId(snapshotId: bigint): this {
    this.explicit.add(snapshotId);
    return this;
  }

  /** Keep at least this many ancestors of every branch head. */
  retainLast(count: number): this {
    this.retain = count;
    return this;
  }

  deleteFiles(enabled: boolean): this {
    this.cleanFiles = enabled;
    return this;
  }

  /** Snapshot ids to remove from `base`. */
  toExpire(base: TableMetadata, nowMs = Date.now()): bigint[] {
    const cutoff =
      this.olderThanMs ??
      nowMs - Number(base.properties['history.expire.max-snapshot-age-ms'] ?? DEFAULT_MAX_SNAPSHOT_AGE_MS);
    const tableMin = this.retain ?? Number(base.properties['history.expire.min-snapshots-to-keep'] ?? 1);
    const keep = new Set<bigint>();
    for (const [name, ref] of Object.entries(base.refs)) {
      keep.add(ref.snapshotId);
      if (this.explicit.has(ref.snapshotId))
        throw new ValidationError(
          `cannot expire snapshot ${ref.snapshotId} of ${this.table.name}: ${name} points at it`,
        );
      if (ref.type !== 'branch') continue;
      const min = ref.minSnapshotsToKeep ?? tableMin;
      ancestorsOf(base, ref.snapshotId).forEach((s, i) => {
        if (i < min || s.timestampMs >= cutoff) keep.add(s.snapshotId);
      });
    }
    return base.snapshots
      .filter((s) => this.explicit.has(s.snapshotId) || (!keep.has(s.snapshotId) && s.timestampMs < cutoff))
      .map((s) => s.snapshotId);
  }

  async commit(): Promise<ExpireResult> {
    let expired: Snapshot[] = [];
    const md = await commitWithRetry(this.table, async (base) => {
      const ids = new Set(this.toExpire(base));
      expired = base.snapshots.filter((s) => ids.has(s.snapshotId));
      return {
        requirements: Object.entries(base.refs).map(([ref, r]) => ({
          type: 'assert-ref-snapshot-id' as const,
          ref,
          snapshotId: r.snapshotId,
        })),
        updates: ids.size > 0 ? [{ action: 'remove-snapshots' as const, snapshotIds: [...ids] }] : [],
      };
    });
    const deletedFiles = this.cleanFiles && expired.length > 0 ? await this.deleteUnreachable(md, expired) : 0;
    return { expiredSnapshotIds: expired.map((s) => s.snapshotId), deletedFiles };
  }

  private async reachable(md: TableMetadata, snapshots: readonly Snapshot[]) {
    const manifests = new Set<string>();
    const files = new Set<string>();
    for (const snapshot of snapshots) {
      for (const manifest of await snapshotManifests(this.table.io, snapshot, md)) {
        if (manifests.has(manifest.manifestPath)) continue;
        manifests.add(manifest.manifestPath);
        for (const entry of await liveEntries(this.table.io, md, manifest)) files.add(entry.dataFile.filePath);
      }
    }
    return { manifests, files };
  }

  private async deleteUnreachable(md: TableMetadata, expired: readonly Snapshot[]): Promise<number> {
    const kept = await this.reachable(md, md.snapshots);
    const gone = await this.reachable(md, expired);
    const doomed = [
      ...expired.map((s) => s.manifestList).filter((list) => list !== ''),
      ...[...gone.manifests].filter((m) => !kept.manifests.has(m)),
      ...[...gone.files].filter((f) => !kept.files.has(f)),
    ];
    await mapConcurrent(doomed, 8, (file) => this.table.io.delete(file).catch(() => undefined));
    return doomed.length;
  }
}
