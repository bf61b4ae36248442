/**
 * Library errors as the REST spec's ErrorModel: `{ error: { message, type, code } }`, with the
 * status and exception type names Iceberg clients (Java, PyIceberg) map back to their own errors.
 */
import {
  CommitFailedError,
  CommitStateUnknownError,
  NamespaceAlreadyExistsError,
  NamespaceNotEmptyError,
  NoSuchNamespaceError,
  NoSuchTableError,
  TableAlreadyExistsError,
  ValidationError,
} from '../../layers/iceberg/index.js';

/** An error raised by the server itself (auth, routing, request shape) with its status and type. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'RestError';
  }
}

export function badRequest(message: string): RestError {
  return new RestError(400, 'BadRequestException', message);
}

export interface ErrorResponse {
  readonly status: number;
  readonly body: { readonly error: { readonly message: string; readonly type: string; readonly code: number } };
}

const LIBRARY_ERRORS: readonly (readonly [new (...args: never[]) => Error, number, string])[] = [
  [NoSuchNamespaceError, 404, 'NoSuchNamespaceException'],
  [NoSuchTableError, 404, 'NoSuchTableException'],
  [NamespaceAlreadyExistsError, 409, 'AlreadyExistsException'],
  [TableAlreadyExistsError, 409, 'AlreadyExistsException'],
  [NamespaceNotEmptyError, 409, 'NamespaceNotEmptyException'],
  [CommitFailedError, 409, 'CommitFailedException'],
  [CommitStateUnknownError, 500, 'CommitStateUnknownException'],
  [ValidationError, 400, 'BadRequestException'],
];

export function errorResponse(error: unknown): ErrorResponse {
  const reply = (status: number, type: string, message: string): ErrorResponse => ({
    status,
    body: { error: { message, type, code: status } },
  });
  if (error instanceof RestError) return reply(error.status, error.type, error.message);
  for (const [kind, status, type] of LIBRARY_ERRORS)
    if (error instanceof kind) return reply(status, type, error.message);
  return reply(500, 'InternalServerError', error instanceof Error ? error.message : String(error));
}
