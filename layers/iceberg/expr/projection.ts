/**
 * Projection of row filters onto partition values (spec "Scan Planning"). Inclusive: every file
 * that may hold a matching row passes. Strict: only partitions whose rows all match pass.
 */
import type { PartitionField, PartitionSpec } from '../spec/partitionSpec.js';
import { applyTransform, isOrderPreserving, transformResultType } from '../spec/transforms.js';
import type { PrimitiveType } from '../spec/types.js';
import type { IcebergValue } from '../spec/values.js';
import type { BoundExpression, BoundPredicate } from './bind.js';

type Projector = (pred: BoundPredicate, field: PartitionField) => BoundExpression | undefined;

function onPartition(
  pred: BoundPredicate,
  field: PartitionField,
  op: BoundPredicate['op'],
  values?: IcebergValue[],
): BoundExpression {
  const type = transformResultType(field.transform, pred.type) as PrimitiveType;
  const t = (v: IcebergValue) => applyTransform(field.transform, pred.type, v) as IcebergValue;
  if (op === 'isNull' || op === 'notNull' || op === 'isNaN' || op === 'notNaN')
    return { op, fieldId: field.fieldId, type };
  if (op === 'in' || op === 'notIn') return { op, fieldId: field.fieldId, type, values: (values ?? []).map(t) };
  return { op, fieldId: field.fieldId, type, value: t((values ?? [])[0] as IcebergValue) };
}

function valuesOf(pred: BoundPredicate): IcebergValue[] {
  if ('values' in pred) return [...pred.values];
  if ('value' in pred) return [pred.value];
  return [];
}

const inclusive: Projector = (pred, field) => {
  const kind = field.transform.kind;
  if (kind === 'void') return undefined;
  if (kind === 'identity') return { ...pred, fieldId: field.fieldId };
  if (pred.op === 'isNull' || pred.op === 'notNull') return onPartition(pred, field, pred.op);
  const values = valuesOf(pred);
  if (pred.op === 'eq' || pred.op === 'in') return onPartition(pred, field, pred.op, values);
  if (!isOrderPreserving(field.transform)) return undefined;
  switch (pred.op) {
    case 'lt':
    case 'ltEq':
      return onPartition(pred, field, 'ltEq', values);
    case 'gt':
    case 'gtEq':
      return onPartition(pred, field, 'gtEq', values);
    default:
      return undefined;
  }
};

const strict: Projector = (pred, field) => {
  const kind = field.transform.kind;
  if (kind === 'void') return undefined;
  if (kind === 'identity') return { ...pred, fieldId: field.fieldId };
  if (pred.op === 'isNull' || pred.op === 'notNull') return onPartition(pred, field, pred.op);
  const values = valuesOf(pred);
  if (pred.op === 'notEq' || pred.op === 'notIn') return onPartition(pred, field, pred.op, values);
  if (!isOrderPreserving(field.transform)) return undefined;
  switch (pred.op) {
    case 'lt':
    case 'ltEq':
      return onPartition(pred, field, 'lt', values);
    case 'gt':
    case 'gtEq':
      return onPartition(pred, field, 'gt', values);
    default:
      return undefined;
  }
};

function project(
  expr: BoundExpression,
  spec: PartitionSpec,
  projector: Projector,
  unknown: BoundExpression,
): BoundExpression {
  switch (expr.op) {
    case 'true':
    case 'false':
      return expr;
    case 'and':
    case 'or':
      return {
        op: expr.op,
        left: project(expr.left, spec, projector, unknown),
        right: project(expr.right, spec, projector, unknown),
      };
    default: {
      const parts = spec.fields
        .filter((f) => f.sourceId === expr.fieldId)
        .map((f) => projector(expr, f))
        .filter((p): p is BoundExpression => p !== undefined);
      if (parts.length === 0) return unknown;
      return parts.reduce((acc, p) => ({ op: unknown.op === 'true' ? 'and' : 'or', left: acc, right: p }));
    }
  }
}

/** A filter over partition field ids that keeps every partition that may contain matching rows. */
export function inclusiveProjection(expr: BoundExpression, spec: PartitionSpec): BoundExpression {
  return project(expr, spec, inclusive, { op: 'true' });
}

/** A filter over partition field ids that holds only for partitions whose every row matches. */
export function strictProjection(expr: BoundExpression, spec: PartitionSpec): BoundExpression {
  return project(expr, spec, strict, { op: 'false' });
}
