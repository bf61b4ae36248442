/**
 * Copy-on-write changes in one snapshot: DELETED entries for removed files and ADDED entries for
 * new ones. Covers overwrite by filter, delete by filter, replace partitions and explicit file
 * removal. Each attempt re-reads the base: filters are re-evaluated on the new base, and files
 * removed explicitly must still be live (otherwise a non-retriable ValidationError).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { entryToInput, type ManifestEntryInput, writeManifest } from '../avro/manifestWriter.js';
import { type DataFile, EntryStatus, ManifestContent, type ManifestEntry, type ManifestFile } from '../avro/model.js';
import { ValidationError } from '../errors.js';
import { type BoundExpression, bind } from '../expr/bind.js';
import { evaluate } from '../expr/evaluate.js';
import type { Expression } from '../expr/expressions.js';
import { manifestMightMatch } from '../expr/manifestEvaluator.js';
import { allMatch, mightMatch } from '../expr/metricsEvaluator.js';
import { inclusiveProjection, strictProjection } from '../expr/projection.js';
import { DeleteIndex, partitionKey } from '../scan/deleteIndex.js';
import { liveEntries, mapConcurrent, snapshotManifests } from '../scan/manifestEntries.js';
import type { PartitionSpec } from '../spec/partitionSpec.js';
import type { Operation, Snapshot } from '../spec/snapshot.js';
import { currentSchema, specById, type TableMetadata } from '../spec/tableMetadata.js';
import { FileAddingProducer } from './FileAddingProducer.js';
import { rewriteWithout } from './rewriteFile.js';
import type { ProducedSnapshot } from './SnapshotProducer.js';
import type { Table } from './Table.js';
import { newManifestLocation, writeAddedManifests } from './writeHelpers.js';

type Verdict = 'keep' | 'delete' | 'rewrite';

/** A parent manifest kept as it is, or the entries of its rewrite. */
type ManifestPlan = ManifestFile | { readonly spec: PartitionSpec; readonly inputs: ManifestEntryInput[] };

function partitionHolds(expr: BoundExpression, spec: PartitionSpec, partition: DataFile['partition']): boolean {
  const index = new Map(spec.fields.map((f, i) => [f.fieldId, i]));
  return evaluate(expr, (id) => partition[index.get(id) ?? -1] ?? null);
}

export interface OverwriteOptions {
  /** Rows matching this are removed (whole files dropped, partly matching files rewritten). */
  readonly filter?: Expression;
  /** Drop every live file in the partitions the added files belong to. */
  readonly replacePartitions?: boolean;
  readonly connection?: DuckDBConnection;
  /**
   * The files removed and added hold the same rows (compaction): the snapshot's operation is
   * `replace`, which incremental readers skip. The commit fails if the record counts differ.
   */
  readonly sameRows?: boolean;
}

export class OverwriteFiles extends FileAddingProducer {
  private readonly explicitDeletes = new Set<string>();

  protected override mergesManifests(): boolean {
    return true;
  }

  private readonly rewritten = new Map<string, DataFile[]>();

  constructor(
    table: Table,
    private readonly options: OverwriteOptions = {},
  ) {
    super(table);
  }

  /** Removes this file (by path); the commit fails if it is no longer live. */
  deleteFile(file: DataFile | string): this {
    this.explicitDeletes.add(typeof file === 'string' ? file : file.filePath);
    return this;
  }

  protected override ownFiles(): readonly string[] {
    const rewrites = [...this.rewritten.values()].flat().map((file) => file.filePath);
    return [...super.ownFiles(), ...rewrites];
  }

  private verdict(
    base: TableMetadata,
    bound: BoundExpression | undefined,
    addedPartitions: Set<string>,
    file: DataFile,
  ): Verdict {
    if (this.explicitDeletes.has(file.filePath)) return 'delete';
    if (this.options.replacePartitions && addedPartitions.has(partitionKey(file.specId, file.partition)))
      return 'delete';
    if (!bound) return 'keep';
    const spec = specById(base, file.specId);
    if (!partitionHolds(inclusiveProjection(bound, spec), spec, file.partition) || !mightMatch(bound, file))
      return 'keep';
    if (partitionHolds(strictProjection(bound, spec), spec, file.partition) || allMatch(bound, file)) return 'delete';
    return 'rewrite';
  }

  /** Copy-on-write of a file that has row-level deletes would resurrect the deleted rows. */
  private async refuseRewritesWithDeletes(
    base: TableMetadata,
    manifests: readonly ManifestFile[],
    toRewrite: readonly ManifestEntry[],
  ): Promise<void> {
    const deleteManifests = manifests.filter((m) => m.content === ManifestContent.Deletes);
    if (toRewrite.length === 0 || deleteManifests.length === 0) return;
    const entries = (await mapConcurrent(deleteManifests, 8, (m) => liveEntries(this.table.io, base, m))).flat();
    const index = new DeleteIndex(entries, new Map(base.partitionSpecs.map((s) => [s.specId, s])));
    const blocked = toRewrite.find((e) => index.forDataFile(e.dataFile, e.sequenceNumber).length > 0);
    if (blocked)
      throw new ValidationError(
        `cannot rewrite ${blocked.dataFile.filePath} of table ${base.location}: it has row-level deletes; use a filter that drops whole files`,
      );
  }

  protected async produce(base: TableMetadata, parent: Snapshot | undefined): Promise<ProducedSnapshot> {
    const bound = this.options.filter ? bind(currentSchema(base), this.options.filter) : undefined;
    const addedPartitions = new Set(this.files.map((f) => partitionKey(f.specId, f.partition)));
    const missing = new Set(this.explicitDeletes);
    const removed: DataFile[] = [];
    const toRewrite: ManifestEntry[] = [];
    const parentManifests = await snapshotManifests(this.table.io, parent, base);

    // Verdicts first, manifests written after the checks: an operation that no longer applies writes nothing.
    const plans = await mapConcurrent(parentManifests, 8, async (manifest): Promise<ManifestPlan> => {
      if (manifest.content === ManifestContent.Deletes) return manifest;
      const spec = specById(base, manifest.partitionSpecId);
      const canSkip =
        this.explicitDeletes.size === 0 &&
        !this.options.replacePartitions &&
        (!bound || !manifestMightMatch(inclusiveProjection(bound, spec), manifest, spec));
      if (canSkip) return manifest;
      const entries = (await this.entriesOf(base, manifest)).filter((e) => e.status !== EntryStatus.Deleted);
      const verdicts = entries.map((e) => this.verdict(base, bound, addedPartitions, e.dataFile));
      if (verdicts.every((v) => v === 'keep')) {
        for (const e of entries) missing.delete(e.dataFile.filePath);
        return manifest;
      }
      const inputs = entries.map((entry, i) => {
        missing.delete(entry.dataFile.filePath);
        if (verdicts[i] === 'keep') return entryToInput(entry, EntryStatus.Existing, entry.snapshotId);
        removed.push(entry.dataFile);
        if (verdicts[i] === 'rewrite') toRewrite.push(entry);
        return entryToInput(entry, EntryStatus.Deleted, this.snapshotId);
      });
      return { spec, inputs };
    });

    if (missing.size > 0)
      throw new ValidationError(
        `cannot remove ${[...missing].join(', ')} from table ${base.location}: no longer live (removed by a concurrent commit)`,
      );

    await this.refuseRewritesWithDeletes(base, parentManifests, toRewrite);
    const replacements: DataFile[] = [];
    for (const { dataFile: file } of toRewrite) {
      let rows = this.rewritten.get(file.filePath);
      if (!rows) {
        rows = await rewriteWithout(this.table, file, bound as BoundExpression, this.options.connection);
        this.rewritten.set(file.filePath, rows);
      }
      replacements.push(...rows);
    }
    const added = [...this.files, ...replacements];
    if (this.options.sameRows) {
      const count = (files: readonly DataFile[]) => files.reduce((n, f) => n + f.recordCount, 0);
      if (count(added) !== count(removed))
        throw new ValidationError(
          `rewrite of table ${base.location} must keep the rows: ${count(removed)} removed, ${count(added)} added`,
        );
    }
    const rewrittenManifests = await mapConcurrent(plans, 8, (plan) =>
      'manifestPath' in plan
        ? Promise.resolve(plan)
        : writeManifest({
            io: this.table.io,
            location: newManifestLocation(base),
            spec: plan.spec,
            schema: currentSchema(base),
            content: ManifestContent.Data,
            snapshotId: this.snapshotId,
            entries: plan.inputs,
          }),
    );
    const replacementManifests =
      replacements.length > 0 ? await writeAddedManifests(this.table, replacements, this.snapshotId) : [];
    const operation: Operation = this.options.sameRows
      ? 'replace'
      : removed.length === 0
        ? 'append'
        : added.length === 0
          ? 'delete'
          : 'overwrite';
    if (this.options.replacePartitions) this.set('replace-partitions', 'true');
    return {
      operation,
      manifests: [...(this.added ?? []), ...replacementManifests, ...rewrittenManifests],
      added,
      removed,
    };
  }
}
