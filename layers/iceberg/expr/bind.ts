/**
 * Binding: resolves terms to field ids and types, converts literals, and pushes NOT down so
 * evaluators only see and/or over predicates.
 */
import { ValidationError } from '../errors.js';
import type { Schema } from '../spec/schema.js';
import { isPrimitive, type PrimitiveType } from '../spec/types.js';
import { type IcebergValue, toValue } from '../spec/values.js';
import type { ComparisonOp, Expression, SetOp, UnaryOp } from './expressions.js';

export type BoundPredicate =
  | { readonly op: UnaryOp; readonly fieldId: number; readonly type: PrimitiveType }
  | { readonly op: ComparisonOp; readonly fieldId: number; readonly type: PrimitiveType; readonly value: IcebergValue }
  | {
      readonly op: SetOp;
      readonly fieldId: number;
      readonly type: PrimitiveType;
      readonly values: readonly IcebergValue[];
    };

export type BoundExpression =
  | { readonly op: 'true' }
  | { readonly op: 'false' }
  | { readonly op: 'and' | 'or'; readonly left: BoundExpression; readonly right: BoundExpression }
  | BoundPredicate;

const NEGATE: Record<UnaryOp | ComparisonOp | SetOp, UnaryOp | ComparisonOp | SetOp> = {
  isNull: 'notNull',
  notNull: 'isNull',
  isNaN: 'notNaN',
  notNaN: 'isNaN',
  eq: 'notEq',
  notEq: 'eq',
  lt: 'gtEq',
  gtEq: 'lt',
  gt: 'ltEq',
  ltEq: 'gt',
  in: 'notIn',
  notIn: 'in',
};

/** Rewrites NOT away (De Morgan, predicate negation). */
export function rewriteNot(expr: Expression, negate = false): Expression {
  switch (expr.op) {
    case 'true':
      return negate ? { op: 'false' } : expr;
    case 'false':
      return negate ? { op: 'true' } : expr;
    case 'not':
      return rewriteNot(expr.child, !negate);
    case 'and':
    case 'or': {
      const op = negate ? (expr.op === 'and' ? 'or' : 'and') : expr.op;
      return { op, left: rewriteNot(expr.left, negate), right: rewriteNot(expr.right, negate) };
    }
    default:
      return negate ? ({ ...expr, op: NEGATE[expr.op] } as Expression) : expr;
  }
}

export function bind(schema: Schema, expr: Expression, caseSensitive = true): BoundExpression {
  const e = rewriteNot(expr);
  switch (e.op) {
    case 'true':
    case 'false':
      return e;
    case 'and':
    case 'or':
      return { op: e.op, left: bind(schema, e.left, caseSensitive), right: bind(schema, e.right, caseSensitive) };
    case 'not':
      throw new ValidationError('unexpected NOT after rewrite');
    default: {
      const field = schema.field(e.term, caseSensitive);
      if (!isPrimitive(field.type)) throw new ValidationError(`cannot filter on nested column ${String(e.term)}`);
      const type = field.type;
      if ('value' in e) {
        if (e.value === null || e.value === undefined)
          throw new ValidationError(`comparison with null on ${String(e.term)}: use isNull/notNull`);
        return { op: e.op, fieldId: field.id, type, value: toValue(type, e.value) };
      }
      if ('values' in e) return { op: e.op, fieldId: field.id, type, values: e.values.map((v) => toValue(type, v)) };
      return { op: e.op, fieldId: field.id, type };
    }
  }
}

/** Field ids an expression refers to. */
export function referencedFieldIds(expr: BoundExpression, into = new Set<number>()): Set<number> {
  if (expr.op === 'and' || expr.op === 'or') {
    referencedFieldIds(expr.left, into);
    referencedFieldIds(expr.right, into);
  } else if ('fieldId' in expr) into.add(expr.fieldId);
  return into;
}
