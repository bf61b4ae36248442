/** Evaluates a bound expression against concrete values (partition tuples, single rows). */
import { compareValues, type IcebergValue } from '../spec/values.js';
import type { BoundExpression, BoundPredicate } from './bind.js';

export function testPredicate(pred: BoundPredicate, value: IcebergValue | null): boolean {
  switch (pred.op) {
    case 'isNull':
      return value === null;
    case 'notNull':
      return value !== null;
    case 'isNaN':
      return typeof value === 'number' && Number.isNaN(value);
    case 'notNaN':
      return !(typeof value === 'number' && Number.isNaN(value));
  }
  if (value === null) return false;
  switch (pred.op) {
    case 'in':
      return pred.values.some((v) => compareValues(value, v) === 0);
    case 'notIn':
      return !pred.values.some((v) => compareValues(value, v) === 0);
  }
  const c = compareValues(value, pred.value);
  switch (pred.op) {
    case 'eq':
      return c === 0;
    case 'notEq':
      return c !== 0;
    case 'lt':
      return c < 0;
    case 'ltEq':
      return c <= 0;
    case 'gt':
      return c > 0;
    case 'gtEq':
      return c >= 0;
  }
}

/** Whether the expression holds when each predicate is decided by `predicateHolds` (and / or short-circuit). */
export function holds(expr: BoundExpression, predicateHolds: (pred: BoundPredicate) => boolean): boolean {
  switch (expr.op) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'and':
      return holds(expr.left, predicateHolds) && holds(expr.right, predicateHolds);
    case 'or':
      return holds(expr.left, predicateHolds) || holds(expr.right, predicateHolds);
    default:
      return predicateHolds(expr);
  }
}

export function evaluate(expr: BoundExpression, lookup: (fieldId: number) => IcebergValue | null): boolean {
  return holds(expr, (pred) => testPredicate(pred, lookup(pred.fieldId)));
}
