/** Errors of the pipeline steps: what failed, with the identifiers needed to act, and whether a retry can help. */
export class PipelineError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PipelineError';
  }
}

/** Another writer committed to the table first; the step re-reads the table and tries again. */
export class CommitConflictError extends PipelineError {
  constructor(
    readonly table: string,
    readonly expectedSnapshotId: string | undefined,
    readonly actualSnapshotId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      `commit to ${table} lost a race: expected snapshot ${expectedSnapshotId ?? '(none)'}, found ${actualSnapshotId ?? '(none)'}`,
      true,
      options,
    );
    this.name = 'CommitConflictError';
  }
}

export function isRetriable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;
}
