/**
 * Snapshot expiry: removes snapshots older than a cutoff that no ref needs (each branch keeps its
 * head and at least `history.expire.min-snapshots-to-keep` ancestors), then deletes the manifest
 * lists, manifests and data files that only the removed snapshots referenced.
 */

import type { ManifestFile } from '../avro/model.js';
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

  /** The manifests the snapshots list, by path. */
  private async manifestsOf(md: TableMetadata, snapshots: readonly Snapshot[]): Promise<Map<string, ManifestFile>> {
    const manifests = new Map<string, ManifestFile>();
    const lists = await mapConcurrent(snapshots, 8, (snapshot) => snapshotManifests(this.table.io, snapshot, md));
    for (const list of lists) for (const manifest of list) manifests.set(manifest.manifestPath, manifest);
    return manifests;
  }

  private async liveFiles(md: TableMetadata, manifests: Iterable<ManifestFile>): Promise<Set<string>> {
    const files = new Set<string>();
    const entries = await mapConcurrent([...manifests], 8, (manifest) => liveEntries(this.table.io, md, manifest));
    for (const list of entries) for (const entry of list) files.add(entry.dataFile.filePath);
    return files;
  }

  /**
   * What the table still needs. With a linear history (every remaining snapshot an ancestor of the
   * current one, every expired one older than all of them) the oldest remaining snapshot suffices:
   * a manifest or file dropped from the lineage never comes back, so whatever an expired snapshot
   * shares with any remaining one, it shares with that one. Otherwise, every remaining snapshot.
   */
  private keptBasis(md: TableMetadata, expired: readonly Snapshot[]): readonly Snapshot[] {
    const lineage = ancestorsOf(md, md.currentSnapshotId);
    const oldest = lineage[lineage.length - 1];
    if (oldest === undefined || lineage.length !== md.snapshots.length) return md.snapshots;
    const expiredById = new Map(expired.map((s) => [s.snapshotId, s]));
    let walked = 0;
    for (let id = oldest.parentSnapshotId; id !== undefined && expiredById.has(id); walked += 1)
      id = expiredById.get(id)?.parentSnapshotId;
    return walked === expired.length ? [oldest] : md.snapshots;
  }

  private async deleteUnreachable(md: TableMetadata, expired: readonly Snapshot[]): Promise<number> {
    const kept = await this.manifestsOf(md, this.keptBasis(md, expired));
    const gone = [...(await this.manifestsOf(md, expired)).values()].filter((m) => !kept.has(m.manifestPath));
    const candidates = await this.liveFiles(md, gone);
    const keptFiles = candidates.size > 0 ? await this.liveFiles(md, kept.values()) : new Set<string>();
    const doomed = [
      ...expired.map((s) => s.manifestList).filter((list) => list !== ''),
      ...gone.map((m) => m.manifestPath),
      ...[...candidates].filter((f) => !keptFiles.has(f)),
    ];
    await mapConcurrent(doomed, 8, (file) => this.table.io.delete(file).catch(() => undefined));
    return doomed.length;
  }
}
