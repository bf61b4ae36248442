/** Manifest pruning from the manifest list's partition summaries (with an inclusive projection). */
import type { DataFile, ManifestFile } from '../avro/model.js';
import { FileContent } from '../avro/model.js';
import type { PartitionSpec } from '../spec/partitionSpec.js';
import type { BoundExpression } from './bind.js';
import { mightMatch } from './metricsEvaluator.js';

/**
 * Views the summaries as the metrics of one pseudo file whose columns are the partition fields,
 * so the metrics evaluator answers "may any partition in this manifest match".
 */
function summariesAsFile(manifest: ManifestFile, spec: PartitionSpec): DataFile | undefined {
  const summaries = manifest.partitions;
  if (!summaries || summaries.length !== spec.fields.length) return undefined;
  const lowerBounds = new Map<number, Uint8Array>();
  const upperBounds = new Map<number, Uint8Array>();
  const valueCounts = new Map<number, number>();
  const nullValueCounts = new Map<number, number>();
  spec.fields.forEach((field, i) => {
    const s = summaries[i];
    if (!s) return;
    if (s.lowerBound) lowerBounds.set(field.fieldId, s.lowerBound);
    if (s.upperBound) upperBounds.set(field.fieldId, s.upperBound);
    const onlyNulls = s.containsNull && s.lowerBound === undefined && !s.containsNan;
    valueCounts.set(field.fieldId, 2);
    nullValueCounts.set(field.fieldId, onlyNulls ? 2 : s.containsNull ? 1 : 0);
  });
  return {
    content: FileContent.Data,
    filePath: manifest.manifestPath,
    fileFormat: 'AVRO',
    specId: manifest.partitionSpecId,
    partition: [],
    recordCount: 2,
    fileSizeInBytes: manifest.manifestLength,
    lowerBounds,
    upperBounds,
    valueCounts,
    nullValueCounts,
  };
}

export function manifestMightMatch(projected: BoundExpression, manifest: ManifestFile, spec: PartitionSpec): boolean {
  if (projected.op === 'true') return true;
  const file = summariesAsFile(manifest, spec);
  return file === undefined || mightMatch(projected, file);
}
