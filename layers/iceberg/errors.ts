/**
 * The library's errors. Each carries `retriable`, so callers (and the commit retry loop) can
 * branch on it without knowing every class.
 */
export class IcebergError extends Error {
  readonly retriable: boolean;
  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** Invalid metadata, schema, spec or argument: retrying the same call cannot help. */
export class ValidationError extends IcebergError {}

export class NoSuchNamespaceError extends IcebergError {}
export class NamespaceAlreadyExistsError extends IcebergError {}
export class NamespaceNotEmptyError extends IcebergError {}
export class NoSuchTableError extends IcebergError {}
export class TableAlreadyExistsError extends IcebergError {}

/** Another writer committed first, or a requirement no longer holds: refresh and try again. */
export class CommitFailedError extends IcebergError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { retriable: true, cause: options.cause });
  }
}

/**
 * The commit may or may not have landed (e.g. the catalog connection broke mid-swap). Retrying
 * blindly could apply it twice: reload the table and check before doing anything else.
 */
export class CommitStateUnknownError extends IcebergError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { retriable: false, cause: options.cause });
  }
}
