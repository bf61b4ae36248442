/** Retries an idempotent storage call with capped, jittered exponential backoff while its error is retriable. */

export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 50, maxDelayMs: 5_000 };

export async function withRetries<T>(
  policy: RetryPolicy,
  isRetriable: (error: unknown) => boolean,
  attempt: (attemptNumber: number) => Promise<T>,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (attemptNumber >= policy.maxAttempts || !isRetriable(error)) throw error;
      await sleep(backoffMs(policy, attemptNumber));
    }
  }
}

/** Full jitter: a random delay up to base * 2^(n-1), capped, so racing clients spread out. */
export function backoffMs(policy: RetryPolicy, attemptNumber: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNumber - 1));
  return Math.random() * ceiling;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
