import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backoffMs,
  isNotFound,
  isPreconditionFailed,
  isRetriableS3Error,
  withRetries,
} from '../../../layers/iceberg/index.js';

const fast = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

function sdkError(name: string, httpStatusCode?: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
}

describe('retries', () => {
  it('retries retriable errors until an attempt succeeds', async () => {
    const attempts: number[] = [];
    const result = await withRetries(fast, isRetriableS3Error, async (n) => {
      attempts.push(n);
      if (n < 3) throw sdkError('SlowDown', 503);
      return 'ok';
    });
    assert.equal(result, 'ok');
    assert.deepEqual(attempts, [1, 2, 3]);
  });

  it('gives up after maxAttempts and surfaces the last error', async () => {
    let calls = 0;
    await assert.rejects(
      withRetries(fast, isRetriableS3Error, async () => {
        calls++;
        throw sdkError('InternalError', 500);
      }),
      /InternalError/,
    );
    assert.equal(calls, 4);
  });

  it('does not retry errors that are not retriable', async () => {
    let calls = 0;
    await assert.rejects(
      withRetries(fast, isRetriableS3Error, async () => {
        calls++;
        throw sdkError('AccessDenied', 403);
      }),
    );
    assert.equal(calls, 1);
  });

  it('keeps backoff within the capped exponential ceiling', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    for (let n = 1; n < 10; n++) {
      const delay = backoffMs(policy, n);
      assert.ok(delay >= 0 && delay <= Math.min(1000, 100 * 2 ** (n - 1)), `attempt ${n}: ${delay}`);
    }
  });
});

describe('S3 error classification', () => {
  it('treats 5xx, 429, throttling and dropped connections as retriable', () => {
    for (const error of [
      sdkError('InternalError', 500),
      sdkError('ServiceUnavailable', 503),
      sdkError('Whatever', 502),
      sdkError('TooManyRequests', 429),
      sdkError('ThrottlingException', 400),
      sdkError('ConditionalRequestConflict', 409),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      new Error('socket hang up'),
    ]) {
      assert.equal(isRetriableS3Error(error), true, String(error));
    }
  });

  it('treats client errors as final', () => {
    for (const error of [
      sdkError('AccessDenied', 403),
      sdkError('NoSuchKey', 404),
      sdkError('PreconditionFailed', 412),
      sdkError('InvalidRequest', 400),
      'not an error',
    ]) {
      assert.equal(isRetriableS3Error(error), false, String(error));
    }
  });

  it('recognises not-found and precondition-failed answers', () => {
    assert.equal(isNotFound(sdkError('NotFound', 404)), true);
    assert.equal(isNotFound(sdkError('NoSuchKey')), true);
    assert.equal(isPreconditionFailed(sdkError('PreconditionFailed', 412)), true);
    assert.equal(isPreconditionFailed(sdkError('AccessDenied', 403)), false);
  });
});
