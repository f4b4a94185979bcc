/** What {@link withBackoff} needs to know besides the call. */
export interface BackoffOptions {
  /** Whether a failure is worth waiting out (no connection, 429, 5xx), not a refusal to show at once. */
  retryable(error: unknown): boolean;
  /** Tries in all. Default 6: about a minute of waiting. */
  tries?: number;
  /** The first wait; each next one doubles, with jitter. Default 1 s. */
  firstDelayMs?: number;
  /** Told of each wait, for the page's event log. */
  onRetry?(error: unknown, delayMs: number, nextTry: number): void;
  sleep?(ms: number): Promise<void>;
  random?(): number;
}

/**
 * Runs `call` until it succeeds, waiting longer between tries (1 s, 2 s, 4 s, … with jitter) while it
 * fails for a reason worth waiting out. The page holds a login's only copy of its secret until its
 * backend has stored it: giving up at the first 503 would lose it.
 */
export async function withBackoff<T>(call: () => Promise<T>, options: BackoffOptions): Promise<T> {
  const tries = options.tries ?? 6;
  const first = options.firstDelayMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= tries || !options.retryable(error)) throw error;
      const ceiling = first * 2 ** (attempt - 1);
      const delay = Math.round(ceiling / 2 + (ceiling / 2) * random());
      options.onRetry?.(error, delay, attempt + 1);
      await sleep(delay);
    }
  }
}
