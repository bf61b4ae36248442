/**
 * File pruning from column metrics (counts and Appendix D bounds). `mightMatch`: false only when
 * no row of the file can match. `allMatch`: true only when every row matches.
 */
import type { DataFile } from '../avro/model.js';
import { fromBytes } from '../spec/singleValue.js';
import { compareValues, type IcebergValue } from '../spec/values.js';
import type { BoundExpression, BoundPredicate } from './bind.js';
import { holds } from './evaluate.js';

interface ColumnMetrics {
  readonly valueCount: number | undefined;
  readonly nullCount: number | undefined;
  readonly nanCount: number | undefined;
  readonly lower: IcebergValue | undefined;
  readonly upper: IcebergValue | undefined;
}

/** One plain object per file and predicate (conditional spreads here cost more than the pruning saved). */
function metricsOf(file: DataFile, pred: BoundPredicate): ColumnMetrics {
  const id = pred.fieldId;
  const lowerBytes = file.lowerBounds?.get(id);
  const upperBytes = file.upperBounds?.get(id);
  return {
    valueCount: file.valueCounts?.get(id),
    nullCount: file.nullValueCounts?.get(id),
    nanCount: file.nanValueCounts?.get(id),
    lower: lowerBytes ? fromBytes(pred.type, lowerBytes) : undefined,
    upper: upperBytes ? fromBytes(pred.type, upperBytes) : undefined,
  };
}

function allNull(m: ColumnMetrics, recordCount: number): boolean {
  return m.nullCount !== undefined && m.nullCount === (m.valueCount ?? recordCount);
}

function predicateMightMatch(file: DataFile, pred: BoundPredicate): boolean {
  const m = metricsOf(file, pred);
  // Columns without metrics (other writers keep them for only some columns) may hold anything.
  const onlyNulls = allNull(m, file.recordCount);
  switch (pred.op) {
    case 'isNull':
      return m.nullCount === undefined || m.nullCount > 0;
    case 'notNull':
      return !onlyNulls;
    case 'isNaN':
      return m.nanCount === undefined || m.nanCount > 0;
    case 'notNaN':
      return !(m.nanCount !== undefined && m.nanCount === (m.valueCount ?? file.recordCount));
  }
  if (onlyNulls) return false;
  const { lower, upper } = m;
  switch (pred.op) {
    case 'lt':
      return lower === undefined || compareValues(lower, pred.value) < 0;
    case 'ltEq':
      return lower === undefined || compareValues(lower, pred.value) <= 0;
    case 'gt':
      return upper === undefined || compareValues(upper, pred.value) > 0;
    case 'gtEq':
      return upper === undefined || compareValues(upper, pred.value) >= 0;
    case 'eq':
      return (
        (lower === undefined || compareValues(lower, pred.value) <= 0) &&
        (upper === undefined || compareValues(upper, pred.value) >= 0)
      );
    case 'in':
      return pred.values.some(
        (v) =>
          (lower === undefined || compareValues(lower, v) <= 0) &&
          (upper === undefined || compareValues(upper, v) >= 0),
      );
    default:
      return true;
  }
}

function predicateAllMatch(file: DataFile, pred: BoundPredicate): boolean {
  const m = metricsOf(file, pred);
  const noNulls = m.nullCount === 0;
  const noNans = m.nanCount === undefined ? !(pred.type === 'float' || pred.type === 'double') : m.nanCount === 0;
  switch (pred.op) {
    case 'isNull':
      return allNull(m, file.recordCount);
    case 'notNull':
      return noNulls;
    case 'isNaN':
      return false;
    case 'notNaN':
      return m.nanCount === 0;
  }
  if (!noNulls || !noNans || m.lower === undefined || m.upper === undefined) return false;
  const { lower, upper } = m;
  switch (pred.op) {
    case 'lt':
      return compareValues(upper, pred.value) < 0;
    case 'ltEq':
      return compareValues(upper, pred.value) <= 0;
    case 'gt':
      return compareValues(lower, pred.value) > 0;
    case 'gtEq':
      return compareValues(lower, pred.value) >= 0;
    case 'eq':
      return compareValues(lower, pred.value) === 0 && compareValues(upper, pred.value) === 0;
    case 'notEq':
      return compareValues(upper, pred.value) < 0 || compareValues(lower, pred.value) > 0;
    case 'in':
      return compareValues(lower, upper) === 0 && pred.values.some((v) => compareValues(lower, v) === 0);
    case 'notIn':
      return pred.values.every((v) => compareValues(upper, v) < 0 || compareValues(lower, v) > 0);
  }
}

export function mightMatch(expr: BoundExpression, file: DataFile): boolean {
  return holds(expr, (pred) => predicateMightMatch(file, pred));
}

export function allMatch(expr: BoundExpression, file: DataFile): boolean {
  return holds(expr, (pred) => predicateAllMatch(file, pred));
}
