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

export function evaluate(expr: BoundExpression, lookup: (fieldId: number) => IcebergValue | null): boolean {
  switch (expr.op) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'and':
      return evaluate(expr.left, lookup) && evaluate(expr.right, lookup);
    case 'or':
      return evaluate(expr.left, lookup) || evaluate(expr.right, lookup);
    default:
      return testPredicate(expr, lookup(expr.fieldId));
  }
}
