/** A storage call that failed for a reason other than "not found" or "already exists". */
export class ObjectStoreError extends Error {
  constructor(
    readonly operation: string,
    readonly location: string,
    readonly retriable: boolean,
    readonly statusCode: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `${operation} ${location} failed${statusCode === undefined ? '' : ` (HTTP ${statusCode})`}: ${describe(options?.cause)}`,
      options,
    );
    this.name = 'ObjectStoreError';
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
