/**
 * Trino's aggregate functions whose DuckDB counterpart has another name, result type or NULL rule.
 * arbitrary, bool_and, bool_or, stddev*, var* and variance already behave as in Trino. These are call
 * rewrites, not macros: a macro cannot take FILTER (WHERE ...) or DISTINCT, an aggregate can.
 */
import { expectArity } from '../formats/literalArgument.js';
import type { CallArgument, TrinoFunction } from '../TrinoFunction.js';

function aggregate(
  name: string,
  arities: readonly number[],
  build: (args: readonly string[]) => string,
): TrinoFunction {
  return {
    kind: 'rewrite',
    name,
    rewrite(args: readonly CallArgument[]) {
      expectArity(name, args, ...arities);
      return build(args.map((a) => a.sql));
    },
  };
}

export const AGGREGATE_FUNCTIONS: readonly TrinoFunction[] = [
  // The optional maximum standard error only tunes Trino's sketch; DuckDB's HyperLogLog has its own.
  aggregate('approx_distinct', [1, 2], ([x]) => `approx_count_distinct(${x})`),
  // p may be one percentage or an array of them (the result is then an array), as in Trino. One
  // percentage goes through the list form too: DuckDB's scalar form rounds a decimal to an integer.
  {
    kind: 'rewrite',
    name: 'approx_percentile',
    rewrite(args) {
      expectArity('approx_percentile', args, 2);
      const [x, p] = args as [CallArgument, CallArgument];
      const first = p.tokens[0];
      const isArray = first?.text === '[' || (first?.kind === 'word' && first.text.toUpperCase() === 'ARRAY');
      return isArray ? `approx_quantile(${x.sql}, ${p.sql})` : `approx_quantile(${x.sql}, [${p.sql}])[1]`;
    },
  },
  // Trino returns bigint (DuckDB's count_if is hugeint).
  aggregate('count_if', [1], ([x]) => `count(CASE WHEN ${x} THEN 1 END)`),
  // Trino keeps a NULL x of the row with the extreme y (DuckDB's max_by skips rows whose x is NULL).
  aggregate('max_by', [2, 3], (args) =>
    args.length === 2 ? `arg_max_null(${args.join(',')})` : `max_by(${args.join(',')})`,
  ),
  aggregate('min_by', [2, 3], (args) =>
    args.length === 2 ? `arg_min_null(${args.join(',')})` : `min_by(${args.join(',')})`,
  ),
];
