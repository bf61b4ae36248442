/**
 * serverless-offline prints one line per Lambda invocation, `(λ: <function>) RequestId: <id>
 * Duration: <ms> ms  Billed Duration: <ms> ms`, on stderr (and for a scheduled run a second line
 * saying it was invoked). Under `npm start` that is thousands of lines an hour; this reads them as
 * invocation events instead and, unless they are wanted (LOG_LEVEL=debug), keeps them off the
 * terminal. Everything else written to the stream passes through unchanged.
 */

export interface Invocation {
  readonly functionKey: string;
  readonly durationMs: number;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes are ESC sequences
const ANSI = /\u001b\[[0-9;]*m/g;
const INVOCATION_LINE = /^\(λ: ([^)]+)\) RequestId: \S+\s+Duration: ([\d.]+) ms\s+Billed Duration: \d+ ms\s*$/;
/** serverless-offline's second line for each scheduled run: the invocation line already counts it. */
const SCHEDULED_LINE = /^Successfully invoked scheduled function: \[[^\]]+\]\s*$/;

/** The invocation a line reports, or undefined for any other line. */
export function parseInvocationLine(line: string): Invocation | undefined {
  const match = INVOCATION_LINE.exec(line.replace(ANSI, ''));
  if (!match) return undefined;
  return { functionKey: match[1] as string, durationMs: Number(match[2]) };
}

type Write = NodeJS.WriteStream['write'];

/**
 * Calls `onInvocation` for each invocation line written to `stream`, dropping those lines unless
 * `passThrough`. Returns the function that restores the stream.
 */
export function interceptInvocationLines(
  stream: NodeJS.WriteStream,
  onInvocation: (invocation: Invocation) => void,
  passThrough: boolean,
): () => void {
  const original: Write = stream.write;
  const write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : undefined;
    if (text !== undefined) {
      const lines = text.split('\n');
      const kept = lines.filter((line) => {
        const invocation = parseInvocationLine(line);
        if (invocation) onInvocation(invocation);
        return passThrough || (invocation === undefined && !SCHEDULED_LINE.test(line.replace(ANSI, '')));
      });
      if (kept.length !== lines.length) {
        const remaining = kept.join('\n');
        const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
        if (remaining.trim() === '') {
          callback?.();
          return true;
        }
        return original.call(stream, remaining, ...(rest as [])) as boolean;
      }
    }
    return original.call(stream, chunk as string, ...(rest as [])) as boolean;
  } as Write;
  stream.write = write;
  return () => {
    if (stream.write === write) stream.write = original;
  };
}
