/**
 * How one Trino function is provided on DuckDB: either a macro (created once per DuckDB instance in
 * the functions catalog, and called there by its qualified name), or a rewrite of the call's text
 * (for functions whose arguments must be translated before DuckDB sees them, such as format strings).
 */
import type { Token } from '../sql/tokenizer.js';

/** One argument of a call: its SQL text (already rewritten) and its significant tokens as written. */
export interface CallArgument {
  readonly sql: string;
  readonly tokens: readonly Token[];
}

export interface MacroFunction {
  readonly kind: 'macro';
  readonly name: string;
  /** The overloads after the macro's name: `(x) AS ..., (x, y) AS ...`. Built-ins are called as system.main.f. */
  readonly overloads: string;
}

export interface CallRewrite {
  readonly kind: 'rewrite';
  readonly name: string;
  /** The DuckDB expression replacing the whole call; throws QuerySyntaxError for arguments it cannot take. */
  rewrite(args: readonly CallArgument[]): string;
}

export type TrinoFunction = MacroFunction | CallRewrite;

export function macro(name: string, overloads: string): MacroFunction {
  return { kind: 'macro', name, overloads };
}
