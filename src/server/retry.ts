/** How the Finsify client backs off between attempts. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff, doubled on each retry. */
  baseDelayMs: number;
  /** No backoff is longer than this. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this ends the retries: the caller gets the answer at once instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { retries: 3, baseDelayMs: 200, maxDelayMs: 2000, maxRetryAfterMs: 5000 };

/**
 * The wait before retry number `retry` (0-based): "equal jitter" exponential backoff, so waits spread
 * out (no thundering herd when Finsify comes back) but never collapse to zero.
 */
export function backoffDelay(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * `Retry-After` in ms from now: delta seconds or an HTTP date. `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
