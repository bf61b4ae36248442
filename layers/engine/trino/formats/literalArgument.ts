/** Reading a call argument that must be a string literal (format patterns are translated before DuckDB runs). */
import { QuerySyntaxError } from '../../errors.js';
import { stringValue } from '../../sql/tokenizer.js';
import type { CallArgument } from '../TrinoFunction.js';

export function literalArgument(functionName: string, args: readonly CallArgument[], index: number): string {
  const arg = args[index];
  const [only] = arg?.tokens ?? [];
  const value = arg?.tokens.length === 1 && only !== undefined ? stringValue(only) : undefined;
  if (value === undefined) {
    throw new QuerySyntaxError(
      `${functionName}: argument ${index + 1} must be a string literal (the engine translates it before running the query)`,
    );
  }
  return value;
}

export function expectArity(functionName: string, args: readonly CallArgument[], ...counts: number[]): void {
  if (!counts.includes(args.length)) {
    throw new QuerySyntaxError(`${functionName} takes ${counts.join(' or ')} arguments, got ${args.length}`);
  }
}
