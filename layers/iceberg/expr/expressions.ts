/**
 * Row filters: an unbound expression tree over column names (or field ids) and literal values.
 * Literals are converted to the column's type when the expression is bound to a schema, so
 * `gt('price', '100.25')` and `gtEq('ts', '2024-01-01T00:00:00Z')` work on decimal/timestamp columns.
 */
export type Term = string | number;

export type UnaryOp = 'isNull' | 'notNull' | 'isNaN' | 'notNaN';
export type ComparisonOp = 'eq' | 'notEq' | 'lt' | 'ltEq' | 'gt' | 'gtEq';
export type SetOp = 'in' | 'notIn';

export type Expression =
  | { readonly op: 'true' }
  | { readonly op: 'false' }
  | { readonly op: 'and'; readonly left: Expression; readonly right: Expression }
  | { readonly op: 'or'; readonly left: Expression; readonly right: Expression }
  | { readonly op: 'not'; readonly child: Expression }
  | { readonly op: UnaryOp; readonly term: Term }
  | { readonly op: ComparisonOp; readonly term: Term; readonly value: unknown }
  | { readonly op: SetOp; readonly term: Term; readonly values: readonly unknown[] };

export const alwaysTrue = (): Expression => ({ op: 'true' });
export const alwaysFalse = (): Expression => ({ op: 'false' });
export const eq = (term: Term, value: unknown): Expression => ({ op: 'eq', term, value });
export const notEq = (term: Term, value: unknown): Expression => ({ op: 'notEq', term, value });
export const lt = (term: Term, value: unknown): Expression => ({ op: 'lt', term, value });
export const ltEq = (term: Term, value: unknown): Expression => ({ op: 'ltEq', term, value });
export const gt = (term: Term, value: unknown): Expression => ({ op: 'gt', term, value });
export const gtEq = (term: Term, value: unknown): Expression => ({ op: 'gtEq', term, value });
export const isIn = (term: Term, values: readonly unknown[]): Expression => ({ op: 'in', term, values });
export const notIn = (term: Term, values: readonly unknown[]): Expression => ({ op: 'notIn', term, values });
export const isNull = (term: Term): Expression => ({ op: 'isNull', term });
export const notNull = (term: Term): Expression => ({ op: 'notNull', term });
export const isNan = (term: Term): Expression => ({ op: 'isNaN', term });
export const notNan = (term: Term): Expression => ({ op: 'notNaN', term });

export function and(...children: Expression[]): Expression {
  return children.reduce(
    (acc, child) => (acc.op === 'true' ? child : { op: 'and', left: acc, right: child }),
    alwaysTrue(),
  );
}

export function or(...children: Expression[]): Expression {
  return children.reduce(
    (acc, child) => (acc.op === 'false' ? child : { op: 'or', left: acc, right: child }),
    alwaysFalse(),
  );
}

export const not = (child: Expression): Expression => ({ op: 'not', child });
