/**
 * Scan planning: picks the snapshot (id, ref or timestamp), prunes manifests by partition
 * summaries, data files by partition values and column bounds, and attaches the delete files
 * that apply to each data file.
 */
import { ManifestContent, type ManifestEntry } from '../avro/model.js';
import { ValidationError } from '../errors.js';
import { bind } from '../expr/bind.js';
import { evaluate } from '../expr/evaluate.js';
import { alwaysTrue, type Expression } from '../expr/expressions.js';
import { manifestMightMatch } from '../expr/manifestEvaluator.js';
import { mightMatch } from '../expr/metricsEvaluator.js';
import { inclusiveProjection } from '../expr/projection.js';
import type { FileIO } from '../io/FileIO.js';
import type { PartitionSpec } from '../spec/partitionSpec.js';
import { Schema } from '../spec/schema.js';
import { MAIN_BRANCH, type Snapshot } from '../spec/snapshot.js';
import {
  currentSchema,
  findSnapshot,
  schemaById,
  snapshotAsOf,
  snapshotForRef,
  specById,
  type TableMetadata,
} from '../spec/tableMetadata.js';
import { DeleteIndex } from './deleteIndex.js';
import type { FileScanTask, ScanOptions } from './FileScanTask.js';
import { liveEntries, mapConcurrent, snapshotManifests } from './manifestEntries.js';

const MANIFEST_READ_CONCURRENCY = 16;

export class TableScan {
  constructor(
    private readonly io: FileIO,
    private readonly metadata: TableMetadata,
    private readonly options: ScanOptions = {},
  ) {}

  /** The snapshot this scan reads; undefined for an empty table. */
  snapshot(): Snapshot | undefined {
    const md = this.metadata;
    const { snapshotId, ref, asOfTimestampMs } = this.options;
    if (snapshotId !== undefined) {
      const snapshot = findSnapshot(md, snapshotId);
      if (!snapshot) throw new ValidationError(`table ${md.location} has no snapshot ${snapshotId}`);
      return snapshot;
    }
    if (ref !== undefined) {
      if (!md.refs[ref]) throw new ValidationError(`table ${md.location} has no branch or tag ${ref}`);
      return snapshotForRef(md, ref);
    }
    if (asOfTimestampMs !== undefined) {
      const snapshot = snapshotAsOf(md, asOfTimestampMs);
      if (!snapshot) throw new ValidationError(`table ${md.location} has no snapshot at or before ${asOfTimestampMs}`);
      return snapshot;
    }
    return snapshotForRef(md, MAIN_BRANCH);
  }

  /** Time travel to a snapshot or tag reads with that snapshot's schema; branches with the table's. */
  private fullSchema(): Schema {
    const md = this.metadata;
    const { snapshotId, ref, asOfTimestampMs } = this.options;
    const pinned =
      snapshotId !== undefined || asOfTimestampMs !== undefined || (ref !== undefined && md.refs[ref]?.type === 'tag');
    const snapshot = pinned ? this.snapshot() : undefined;
    return snapshot?.schemaId !== undefined ? schemaById(md, snapshot.schemaId) : currentSchema(md);
  }

  /** The schema rows are read with: `fullSchema()` limited to the top-level columns holding selected ids. */
  schema(): Schema {
    const full = this.fullSchema();
    const selected = this.options.selectedFieldIds;
    if (!selected) return full;
    const topLevel = (id: number): number => {
      let top = id;
      for (let parent = full.parentId(top); parent !== undefined; parent = full.parentId(parent)) top = parent;
      return top;
    };
    const wanted = new Set(selected.map(topLevel));
    const keep = full.fields.filter((f) => wanted.has(f.id));
    return new Schema(
      keep,
      full.schemaId,
      full.identifierFieldIds.filter((id) => wanted.has(id)),
    );
  }

  filter(): Expression {
    return this.options.filter ?? alwaysTrue();
  }

  async planFiles(): Promise<FileScanTask[]> {
    const snapshot = this.snapshot();
    if (!snapshot) return [];
    const md = this.metadata;
    const schema = this.schema();
    const filter = this.filter();
    const bound = bind(this.fullSchema(), filter, this.options.caseSensitive ?? true);
    const specs = new Map(md.partitionSpecs.map((s) => [s.specId, s]));
    const projections = new Map(md.partitionSpecs.map((s) => [s.specId, inclusiveProjection(bound, s)]));

    const manifests = (await snapshotManifests(this.io, snapshot, md)).filter((m) => {
      const spec = specs.get(m.partitionSpecId);
      const projected = projections.get(m.partitionSpecId);
      return spec === undefined || projected === undefined || manifestMightMatch(projected, m, spec);
    });
    const entries = await mapConcurrent(manifests, MANIFEST_READ_CONCURRENCY, (m) => liveEntries(this.io, md, m));

    const dataEntries: ManifestEntry[] = [];
    const deleteEntries: ManifestEntry[] = [];
    manifests.forEach((manifest, i) => {
      const list = entries[i] ?? [];
      const target = manifest.content === ManifestContent.Deletes ? deleteEntries : dataEntries;
      for (const entry of list) target.push(entry);
    });

    const deletes = new DeleteIndex(deleteEntries, specs);
    const tasks: FileScanTask[] = [];
    for (const entry of dataEntries) {
      const file = entry.dataFile;
      const spec = specById(md, file.specId);
      if (!this.partitionMightMatch(projections.get(spec.specId), spec, file.partition)) continue;
      if (!mightMatch(bound, file)) continue;
      tasks.push({
        dataFile: file,
        dataSequenceNumber: entry.sequenceNumber,
        deleteFiles: deletes.isEmpty() ? [] : deletes.forDataFile(file, entry.sequenceNumber),
        spec,
        schema,
        residual: filter,
      });
    }
    return tasks;
  }

  private partitionMightMatch(
    projected: ReturnType<typeof inclusiveProjection> | undefined,
    spec: PartitionSpec,
    partition: ManifestEntry['dataFile']['partition'],
  ): boolean {
    if (!projected || projected.op === 'true') return true;
    const indexById = new Map(spec.fields.map((f, i) => [f.fieldId, i]));
    return evaluate(projected, (fieldId) => partition[indexById.get(fieldId) ?? -1] ?? null);
  }
}
