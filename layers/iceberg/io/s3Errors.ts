/** Classifies AWS SDK errors from S3 and S3-compatible stores. */

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

const RETRIABLE_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'TimeoutError',
  // S3 answers 409 to a conditional write that races another in-flight one: it is safe to ask again.
  'ConditionalRequestConflict',
]);

const RETRIABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

export function httpStatusOf(error: unknown): number | undefined {
  return (error as SdkErrorShape | null)?.$metadata?.httpStatusCode;
}

function nameOf(error: unknown): string | undefined {
  const shape = error as SdkErrorShape | null;
  return shape?.name ?? shape?.Code;
}

export function isNotFound(error: unknown): boolean {
  const name = nameOf(error);
  return httpStatusOf(error) === 404 || name === 'NoSuchKey' || name === 'NotFound';
}

export function isPreconditionFailed(error: unknown): boolean {
  return httpStatusOf(error) === 412 || nameOf(error) === 'PreconditionFailed';
}

/** 5xx, 429, throttling and timeouts, and connection-level failures are worth retrying; other 4xx are not. */
export function isRetriableS3Error(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status = httpStatusOf(error);
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  const name = nameOf(error);
  if (name !== undefined && RETRIABLE_NAMES.has(name)) return true;
  const code = (error as SdkErrorShape).code;
  if (code !== undefined && RETRIABLE_NETWORK_CODES.has(code)) return true;
  if ((error as SdkErrorShape).$retryable !== undefined) return true;
  // The SDK reports a dropped connection with no HTTP status at all.
  const message = (error as { message?: unknown }).message;
  return status === undefined && /socket hang up|network|connection|aborted/i.test(`${name} ${message}`);
}
