/**
 * Common path of every operation that creates a snapshot: fixed snapshot id, custom summary
 * properties (`set`), target branch (`toBranch`), manifest list per attempt, sequence-number
 * assignment for new manifests, and the optimistic commit with retries.
 */
import { randomUUID } from 'node:crypto';
import { writeManifestList } from '../avro/manifestList.js';
import { UNASSIGNED_SEQUENCE_NUMBER } from '../avro/manifestWriter.js';
import type { ManifestEntry, ManifestFile } from '../avro/model.js';
import { CommitStateUnknownError, ValidationError } from '../errors.js';
import { manifestEntries } from '../scan/manifestEntries.js';
import { MAIN_BRANCH, newSnapshotId, type Operation, type Snapshot } from '../spec/snapshot.js';
import { findSnapshot, snapshotForRef, type TableMetadata } from '../spec/tableMetadata.js';
import { commitWithRetry } from './commitRetry.js';
import { mergeManifests } from './mergeManifests.js';
import { buildSummary, type FileChanges } from './summary.js';
import type { Table } from './Table.js';

export interface ProducedSnapshot extends FileChanges {
  readonly operation: Operation;
  /** Every manifest of the new snapshot; new ones carry UNASSIGNED sequence numbers. */
  readonly manifests: readonly ManifestFile[];
}

export abstract class SnapshotProducer {
  readonly snapshotId = newSnapshotId();
  private readonly properties: Record<string, string> = {};
  private branch = MAIN_BRANCH;

  /** Manifests are immutable: a retry after a lost race re-reads only the ones it has not seen. */
  private readonly entriesByManifest = new Map<string, Promise<ManifestEntry[]>>();

  constructor(protected readonly table: Table) {}

  /** The entries of a manifest (all statuses), read once per operation. */
  protected entriesOf(base: TableMetadata, manifest: ManifestFile): Promise<ManifestEntry[]> {
    let entries = this.entriesByManifest.get(manifest.manifestPath);
    if (entries === undefined) {
      entries = manifestEntries(this.table.io, base, manifest);
      this.entriesByManifest.set(manifest.manifestPath, entries);
      entries.catch(() => this.entriesByManifest.delete(manifest.manifestPath));
    }
    return entries;
  }

  /** Adds a custom summary property (e.g. Kafka offsets, a source snapshot id). */
  set(key: string, value: string): this {
    this.properties[key] = value;
    return this;
  }

  /** Commits to this branch instead of main (created from nothing if absent). */
  toBranch(branch: string): this {
    this.branch = branch;
    return this;
  }

  /** Work that does not depend on the base metadata (writing data files); runs once. */
  protected async prepare(): Promise<void> {}

  /** Files prepare() and the attempts wrote for this operation (not files the caller handed in). */
  protected ownFiles(): readonly string[] {
    return [];
  }

  private failed = false;

  /** Whether small manifests are merged into the new snapshot's (see mergeManifests.ts); fast appends do not. */
  protected mergesManifests(): boolean {
    return false;
  }

  /** The snapshot's content against `base`; throws a non-retriable error if the operation no longer applies. */
  protected abstract produce(base: TableMetadata, parent: Snapshot | undefined): Promise<ProducedSnapshot>;

  async commit(): Promise<Snapshot> {
    if (this.failed)
      throw new ValidationError(
        `this commit to ${this.table.name} already failed and its files are gone: build a new one`,
      );
    await this.prepare();
    // Files this commit writes per attempt; the ones the committed snapshot does not list are removed after it.
    const written = new Set<string>();
    const listedBy = new Map<string, ReadonlySet<string>>();
    const metadata = await this.commitOrClean(written, () =>
      commitWithRetry(
        this.table,
        async (base, attempt) => {
          const ref = base.refs[this.branch];
          if (ref && ref.type !== 'branch')
            throw new ValidationError(`cannot commit to ${this.branch} of ${this.table.name}: it is a tag`);
          const parent = snapshotForRef(base, this.branch);
          const produced = await this.produce(base, parent);
          const sequenceNumber = base.lastSequenceNumber + 1;
          const listed = this.mergesManifests()
            ? await mergeManifests(this.table, base, produced.manifests, this.snapshotId, (manifest) =>
                this.entriesOf(base, manifest),
              )
            : produced.manifests;
          for (const manifest of [...produced.manifests, ...listed])
            if (manifest.addedSnapshotId === this.snapshotId) written.add(manifest.manifestPath);
          const manifests = listed.map((m) =>
            m.sequenceNumber === UNASSIGNED_SEQUENCE_NUMBER
              ? {
                  ...m,
                  sequenceNumber,
                  minSequenceNumber:
                    m.minSequenceNumber === UNASSIGNED_SEQUENCE_NUMBER
                      ? sequenceNumber
                      : Math.min(m.minSequenceNumber, sequenceNumber),
                }
              : m,
          );
          const dir = base.properties['write.metadata.path'] ?? `${base.location}/metadata`;
          const manifestList = `${dir}/snap-${this.snapshotId}-${attempt + 1}-${randomUUID()}.avro`;
          written.add(manifestList);
          listedBy.set(manifestList, new Set([manifestList, ...listed.map((m) => m.manifestPath)]));
          await writeManifestList(
            this.table.io,
            manifestList,
            { snapshotId: this.snapshotId, ...(parent ? { parentSnapshotId: parent.snapshotId } : {}), sequenceNumber },
            manifests,
          );
          const snapshot: Snapshot = {
            snapshotId: this.snapshotId,
            ...(parent ? { parentSnapshotId: parent.snapshotId } : {}),
            sequenceNumber,
            timestampMs: Math.max(Date.now(), base.lastUpdatedMs),
            manifestList,
            summary: buildSummary(produced.operation, produced, parent, this.properties),
            schemaId: base.currentSchemaId,
          };
          return {
            requirements: [
              { type: 'assert-ref-snapshot-id', ref: this.branch, snapshotId: parent?.snapshotId ?? null },
            ],
            updates: [
              // This writer produces v2 manifests only: a v1 table is upgraded by its first such commit.
              ...(base.formatVersion < 2
                ? [{ action: 'upgrade-format-version' as const, formatVersion: 2 as const }]
                : []),
              { action: 'add-snapshot', snapshot },
              { action: 'set-snapshot-ref', refName: this.branch, type: 'branch', snapshotId: this.snapshotId },
            ],
          };
        },
        (md) => findSnapshot(md, this.snapshotId) !== undefined,
      ),
    );
    const committed = findSnapshot(metadata, this.snapshotId);
    if (!committed)
      throw new CommitStateUnknownError(`snapshot ${this.snapshotId} missing from ${this.table.name} after its commit`);
    await this.deleteUnlisted(written, listedBy.get(committed.manifestList));
    return committed;
  }

  /**
   * A commit that definitely failed leaves nothing it wrote behind (data files, manifests, manifest
   * lists); one whose outcome is unknown keeps everything, as the snapshot may have landed.
   */
  private async commitOrClean(
    written: ReadonlySet<string>,
    commit: () => Promise<TableMetadata>,
  ): Promise<TableMetadata> {
    try {
      return await commit();
    } catch (error) {
      if (!(error instanceof CommitStateUnknownError)) {
        this.failed = true;
        const files = [...written, ...this.ownFiles()];
        await Promise.all(files.map((file) => this.table.io.delete(file).catch(() => undefined)));
      }
      throw error;
    }
  }

  /** Manifests merged away and the manifest lists and manifests of lost attempts: no snapshot lists them. */
  private async deleteUnlisted(written: ReadonlySet<string>, listed: ReadonlySet<string> | undefined): Promise<void> {
    if (listed === undefined) return;
    const unlisted = [...written].filter((file) => !listed.has(file));
    await Promise.all(unlisted.map((file) => this.table.io.delete(file).catch(() => undefined)));
  }
}
