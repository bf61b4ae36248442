/**
 * The engine's errors: what failed, with the table, snapshot or file needed to act, and whether
 * retrying the same query can help.
 */
export class EngineError extends Error {
  readonly retriable: boolean;
  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** The SQL text is not valid for the engine (bad syntax in a Trino clause or table function). */
export class QuerySyntaxError extends EngineError {}

/** The statement would change state, and the engine is read-only. */
export class ReadOnlyError extends EngineError {}

/** A table, snapshot, ref or metadata table the query names does not exist. */
export class NotFoundError extends EngineError {}

/**
 * A table's metadata disagrees with its files (missing file, size differing from the manifest,
 * unsupported file format): reading it could return wrong rows, so the engine refuses.
 */
export class InconsistentTableError extends EngineError {}

/** The statement reaches outside what a sandboxed query may touch (files, settings, other statements). */
export class PermissionDeniedError extends EngineError {}
