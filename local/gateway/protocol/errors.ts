/**
 * Errors as Trino reports them (name, code, type from io.trino.spi.StandardErrorCode), and the mapping
 * from DuckDB's error messages to the nearest Trino error, so clients can branch on errorName.
 */
import type { QueryError } from './queryResults.js';

const USER = 'USER_ERROR';
const INTERNAL = 'INTERNAL_ERROR';
const RESOURCES = 'INSUFFICIENT_RESOURCES';

/** The standard error codes the gateway emits (code values are Trino's own). */
export const TrinoErrorCodes = {
  GENERIC_USER_ERROR: { code: 0, type: USER },
  SYNTAX_ERROR: { code: 1, type: USER },
  ABANDONED_QUERY: { code: 2, type: USER },
  USER_CANCELED: { code: 3, type: USER },
  PERMISSION_DENIED: { code: 4, type: USER },
  NOT_FOUND: { code: 5, type: USER },
  FUNCTION_NOT_FOUND: { code: 6, type: USER },
  INVALID_FUNCTION_ARGUMENT: { code: 7, type: USER },
  DIVISION_BY_ZERO: { code: 8, type: USER },
  INVALID_CAST_ARGUMENT: { code: 9, type: USER },
  NOT_SUPPORTED: { code: 13, type: USER },
  INVALID_SESSION_PROPERTY: { code: 14, type: USER },
  NUMERIC_VALUE_OUT_OF_RANGE: { code: 19, type: USER },
  READ_ONLY_VIOLATION: { code: 23, type: USER },
  MISSING_SCHEMA_NAME: { code: 57, type: USER },
  QUERY_TEXT_TOO_LARGE: { code: 35, type: USER },
  TYPE_MISMATCH: { code: 58, type: USER },
  CATALOG_NOT_FOUND: { code: 44, type: USER },
  SCHEMA_NOT_FOUND: { code: 45, type: USER },
  TABLE_NOT_FOUND: { code: 46, type: USER },
  COLUMN_NOT_FOUND: { code: 47, type: USER },
  GENERIC_INTERNAL_ERROR: { code: 65536, type: INTERNAL },
  SERVER_SHUTTING_DOWN: { code: 65545, type: INTERNAL },
  GENERIC_INSUFFICIENT_RESOURCES: { code: 131072, type: RESOURCES },
  QUERY_QUEUE_FULL: { code: 131074, type: RESOURCES },
  EXCEEDED_TIME_LIMIT: { code: 131075, type: RESOURCES },
  EXCEEDED_LOCAL_MEMORY_LIMIT: { code: 131079, type: RESOURCES },
} as const;

export type TrinoErrorName = keyof typeof TrinoErrorCodes;

/** A query failure with the Trino error it is reported as. */
export class GatewayQueryError extends Error {
  constructor(
    readonly errorName: TrinoErrorName,
    message: string,
    readonly retriable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GatewayQueryError';
  }
}

const duckdbPatterns: readonly [RegExp, TrinoErrorName][] = [
  [/Parser Error/i, 'SYNTAX_ERROR'],
  [/(Scalar|Table|Aggregate) Function with name .* does not exist/i, 'FUNCTION_NOT_FOUND'],
  [
    /Table with name .* does not exist|Table .* does not exist|table not found|no such table|NoSuchTable/i,
    'TABLE_NOT_FOUND',
  ],
  [/Schema with name .* does not exist|namespace .* does not exist|NoSuchNamespace/i, 'SCHEMA_NOT_FOUND'],
  [/Catalog with name .* does not exist/i, 'CATALOG_NOT_FOUND'],
  [/Referenced column .* not found|column .* does not exist|Column with name .* does not exist/i, 'COLUMN_NOT_FOUND'],
  [/^Binder Error: No function matches/i, 'FUNCTION_NOT_FOUND'],
  [/Division by zero/i, 'DIVISION_BY_ZERO'],
  [/^Conversion Error/i, 'INVALID_CAST_ARGUMENT'],
  [/^Out of Range Error/i, 'NUMERIC_VALUE_OUT_OF_RANGE'],
  [/^Out of Memory Error|memory limit/i, 'EXCEEDED_LOCAL_MEMORY_LIMIT'],
  [/^Permission Error|disabled by configuration|external access is disabled|cannot access/i, 'PERMISSION_DENIED'],
  [/^Not implemented Error/i, 'NOT_SUPPORTED'],
  [/^Interrupt/i, 'USER_CANCELED'],
  [/^(Binder|Catalog|Invalid Input|Constraint|Type|Dependency) Error/i, 'GENERIC_USER_ERROR'],
];

/** The engine's error classes (layers/engine/errors.ts) by name, so the gateway needs no import of them. */
function fromEngineErrorName(name: string, message: string): TrinoErrorName | undefined {
  if (name === 'QuerySyntaxError') return 'SYNTAX_ERROR';
  if (name === 'ReadOnlyError' || name === 'PermissionDeniedError') return 'PERMISSION_DENIED';
  if (name === 'NotFoundError')
    return /\btable\b/i.test(message) && !/snapshot|\bref\b|branch|tag/i.test(message)
      ? 'TABLE_NOT_FOUND'
      : 'NOT_FOUND';
  return undefined;
}

/** The Trino error for anything a query threw: gateway errors keep theirs, engine errors are classified. */
export function classifyError(error: unknown): GatewayQueryError {
  if (error instanceof GatewayQueryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const named = (error as { errorName?: unknown } | null)?.errorName;
  if (typeof named === 'string' && named in TrinoErrorCodes) {
    return new GatewayQueryError(named as TrinoErrorName, message, false, { cause: error });
  }
  const fromEngine = error instanceof Error ? fromEngineErrorName(error.name, message) : undefined;
  const match = duckdbPatterns.find(([pattern]) => pattern.test(message));
  const retriable = (error as { retriable?: unknown } | null)?.retriable === true;
  return new GatewayQueryError(fromEngine ?? match?.[1] ?? 'GENERIC_INTERNAL_ERROR', message, retriable, {
    cause: error,
  });
}

/** DuckDB's "LINE n:" and caret marker give the error location Trino clients print. */
function errorLocation(message: string): { lineNumber: number; columnNumber: number } | undefined {
  const line = /LINE (\d+):/.exec(message);
  if (!line) return undefined;
  const lines = message.split('\n');
  const lineIndex = lines.findIndex((text) => text.startsWith(`LINE ${line[1]}:`));
  const caret = lines[lineIndex + 1]?.indexOf('^') ?? -1;
  const prefix = `LINE ${line[1]}: `.length;
  return { lineNumber: Number(line[1]), columnNumber: caret >= prefix ? caret - prefix + 1 : 1 };
}

export function toQueryError(error: GatewayQueryError): QueryError {
  const { code, type } = TrinoErrorCodes[error.errorName];
  const location = errorLocation(error.message);
  const message = error.message.split('\n')[0] ?? error.message;
  return {
    message,
    errorCode: code,
    errorName: error.errorName,
    errorType: type,
    ...(location ? { errorLocation: location } : {}),
    failureInfo: {
      type: error.cause instanceof Error ? error.cause.name : error.name,
      message: error.message,
      suppressed: [],
      stack: [],
      ...(location ? { errorLocation: location } : {}),
    },
  };
}
