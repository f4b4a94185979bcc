/** Waiting for conditions seen from Node, with generous limits for a loaded machine. */

/** The default limit of one wait: long, since two cores may be shared with other browsers. */
export const WAIT_MS = 30_000;

/**
 * Polls `condition` until it returns a value other than `undefined`, `null` or `false`, and returns
 * that value; throws `Timed out waiting for <what>` (with the last error it threw, if any).
 */
export async function waitFor<T>(what: string, condition: () => T | Promise<T>, timeoutMs = WAIT_MS, intervalMs = 100): Promise<Exclude<T, false | null | undefined>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== null && value !== false) return value as Exclude<T, false | null | undefined>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** `work`, or an error naming `what` when it has not settled within `timeoutMs`. */
export async function within<T>(what: string, work: Promise<T>, timeoutMs = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** `YYYY-MM-DD` of a date `days` before today (UTC). */
export function isoDaysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}
